package io.presenced.api.grpc;

import com.google.protobuf.Any;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.presenced.api.ApiException;
import io.presenced.proto.api.Error;

/**
 * The one mapping from API errors to gRPC: the {@code Error} message of a response, and the status of transport
 * error mode.
 */
final class GrpcErrors {

    private GrpcErrors() {
    }

    /** Returns {@code e} as the {@code Error} message of a response. */
    static Error toProto(ApiException e) {
        return Error.newBuilder().setCode(e.error().code()).setMessage(e.getMessage()).build();
    }

    /** Returns the status code that transport error mode uses for {@code e}. */
    static Status.Code statusCode(ApiException e) {
        switch (e.error()) {
            case UNKNOWN_CHANNEL:
            case NOT_FOUND:
                return Status.Code.NOT_FOUND;
            case BAD_REQUEST:
            case NOT_AVAILABLE:
                return Status.Code.INVALID_ARGUMENT;
            case UNRECOVERABLE_POSITION:
                return Status.Code.OUT_OF_RANGE;
            case CONFLICT:
                return Status.Code.ALREADY_EXISTS;
            default:
                return Status.Code.INTERNAL;
        }
    }

    /**
     * Returns the failure that transport error mode sends for {@code e}: the mapped status code, the error message
     * as description, and the {@code Error} message as the status detail.
     */
    static StatusRuntimeException toStatus(ApiException e) {
        // Centrifugo attaches the Error with Go's status.WithDetails, which travels as a google.rpc.Status in the
        // grpc-status-details-bin trailer; doing the same lets its clients read the detail unchanged.
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(statusCode(e).value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(toProto(e)))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
