package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.presenced.api.ApiError;
import io.presenced.api.ApiException;
import io.presenced.proto.api.Error;

class GrpcErrorsTest {

    // Centrifugo's table: 100->INTERNAL, 102/104->NOT_FOUND, 107/108->INVALID_ARGUMENT, 112->OUT_OF_RANGE,
    // 113->ALREADY_EXISTS, anything else->INTERNAL.
    private static final Map<Integer, Status.Code> CENTRIFUGO = Map.of(
            100, Status.Code.INTERNAL, 102, Status.Code.NOT_FOUND, 104, Status.Code.NOT_FOUND,
            107, Status.Code.INVALID_ARGUMENT, 108, Status.Code.INVALID_ARGUMENT, 112, Status.Code.OUT_OF_RANGE,
            113, Status.Code.ALREADY_EXISTS);

    @ParameterizedTest
    @EnumSource(ApiError.class)
    void everyApiErrorMapsToCentrifugosStatusCode(ApiError error) {
        Status.Code expected = CENTRIFUGO.getOrDefault(error.code(), Status.Code.INTERNAL);
        assertThat(GrpcErrors.statusCode(ApiException.of(error))).isEqualTo(expected);
        assertThat(GrpcErrors.toStatus(ApiException.of(error)).getStatus().getCode()).isEqualTo(expected);
    }

    @Test
    void errorMessageCarriesCodeAndFullMessage() {
        Error e = GrpcErrors.toProto(ApiException.badField("users", "must not be empty"));
        assertThat(e.getCode()).isEqualTo(107);
        assertThat(e.getMessage()).isEqualTo("bad request: users: must not be empty");
    }

    @Test
    void statusHasTheMessageAsDescriptionAndTheErrorAsItsOnlyDetail() throws InvalidProtocolBufferException {
        StatusRuntimeException s = GrpcErrors.toStatus(ApiException.of(ApiError.CONFLICT, "again"));
        assertThat(s.getStatus().getDescription()).isEqualTo("conflict: again");
        com.google.rpc.Status details = StatusProto.fromThrowable(s);
        assertThat(details.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS.value());
        assertThat(details.getMessage()).isEqualTo("conflict: again");
        assertThat(details.getDetailsCount()).isEqualTo(1);
        assertThat(details.getDetails(0).getTypeUrl())
                .isEqualTo("type.googleapis.com/centrifugal.centrifugo.api.Error");
        assertThat(details.getDetails(0).unpack(Error.class))
                .isEqualTo(Error.newBuilder().setCode(113).setMessage("conflict: again").build());
    }
}
