package io.presenced.fuzz;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.presenced.testing.Engines.Engine;
import io.presenced.testing.GrpcClients;
import io.presenced.testing.TestServer;
import io.presenced.testing.Wire;

/**
 * Fuzzes every gRPC method: requests built from fuzzed values with the generated classes, and malformed protobuf
 * sent as raw bytes. A call must end within the timeout with a reply that carries no error 100, or with a status
 * that blames the caller (bad argument, not found, unauthenticated, too large, unimplemented), never with a
 * status that means the server failed. After each call a correct call must succeed. Subclasses choose the engine.
 */
abstract class GrpcFuzz extends FuzzSuite {

    // Statuses that say the server, not the request, failed: the gRPC counterpart of an HTTP 5xx.
    private static final Set<Status.Code> SERVER_FAULTS = EnumSet.of(Status.Code.INTERNAL, Status.Code.UNKNOWN,
            Status.Code.DATA_LOSS, Status.Code.UNAVAILABLE);

    /** Runs the properties against a node on {@code engine}, one node per class and engine. */
    GrpcFuzz(Engine engine) {
        super("grpc", engine);
    }

    @Property
    void userStatusMethodsNeverFailTheServer(@ForAll("userStatus") GrpcMessages.Request request,
                                             @ForAll("metadata") String[] headers) {
        check("userStatus", request, headers);
    }

    @Property
    void presenceReadsNeverFailTheServer(@ForAll("presenceReads") GrpcMessages.Request request,
                                         @ForAll("metadata") String[] headers) {
        check("presenceReads", request, headers);
    }

    @Property
    void channelsPatternsNeverFailTheServer(@ForAll("channels") GrpcMessages.Request request,
                                            @ForAll("metadata") String[] headers) {
        check("channels", request, headers);
    }

    @Property
    void presenceManagementNeverFailsTheServer(@ForAll("presenceManagement") GrpcMessages.Request request,
                                               @ForAll("metadata") String[] headers) {
        check("presenceManagement", request, headers);
    }

    @Property
    void rpcBatchAndInfoNeverFailTheServer(@ForAll("rpcBatchInfo") GrpcMessages.Request request,
                                           @ForAll("metadata") String[] headers) {
        check("rpcBatchInfo", request, headers);
    }

    @Property
    void malformedProtobufNeverFailsTheServer(@ForAll("garbled") GrpcMessages.Request request,
                                              @ForAll("metadata") String[] headers) {
        check("garbled", request, headers);
    }

    private void check(String property, GrpcMessages.Request request, String[] headers) {
        judge(property, () -> assertNoServerFault(request, headers));
    }

    private void assertNoServerFault(GrpcMessages.Request request, String[] headers) {
        String what = request + " with " + String.join(" ", headers);
        Channel channel = GrpcClients.withHeaders(target().grpcChannel(), GrpcClients.metadata(headers));
        try {
            byte[] reply = call(channel, request.method(), request.bytes());
            Statistics.label("status").collect("OK");
            Verdict.assertNotInternal(target(), errorCode(request.method(), reply), what);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            Statistics.label("status").collect(code);
            if (code == Status.Code.DEADLINE_EXCEEDED) {
                throw new AssertionError("no answer within " + FuzzTarget.CALL_TIMEOUT + " (hung) for " + what, e);
            }
            if (SERVER_FAULTS.contains(code)) {
                throw new AssertionError("server fault " + e.getStatus() + " for " + what, e);
            }
        }
    }

    /** Asserts that a correct HTTP call and then a correct gRPC {@code Info} succeed. */
    @Override
    void assertNodeStillServes() {
        super.assertNodeStillServes();
        Channel channel = GrpcClients.withHeaders(target().grpcChannel(),
                GrpcClients.metadata("authorization", "apikey " + TestServer.API_KEY));
        byte[] reply = call(channel, GrpcMessages.API + "Info", new byte[0]);
        if (!Wire.decode(reply).has(2)) {
            throw new AssertionError("a correct Info then failed: " + Wire.decode(reply));
        }
    }

    private static byte[] call(Channel channel, String method, byte[] request) {
        return GrpcClients.callRaw(channel, method, request, CallOptions.DEFAULT.withDeadlineAfter(
                FuzzTarget.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    // Every response has Error at field 1 (code at 1), except Batch, whose replies (field 1) have it at field 2.
    private static int errorCode(String method, byte[] reply) {
        Wire.In in = Wire.decode(reply);
        if (method.endsWith("/Batch")) {
            for (Wire.In r : in.messages(1)) {
                if (r.has(2) && r.message(2).has(1) && r.message(2).varint(1) == Verdict.INTERNAL) {
                    return Verdict.INTERNAL;
                }
            }
            return 0;
        }
        return in.has(1) && in.message(1).has(1) ? (int) in.message(1).varint(1) : 0;
    }

    @Provide
    Arbitrary<String[]> metadata() {
        String key = TestServer.API_KEY;
        Arbitrary<String[]> auth = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(new String[] {"authorization", "apikey " + key})),
                Tuple.of(1, Arbitraries.of(new String[0], new String[] {"authorization", "apikey wrong"},
                        new String[] {"authorization", "Bearer " + key}, new String[] {"authorization", "apikey"},
                        new String[] {"authorization", "apikey " + key, "authorization", "apikey other"})));
        Arbitrary<String[]> mode = Arbitraries.of(new String[0], new String[0],
                new String[] {"x-centrifugo-error-mode", "transport"},
                new String[] {"x-centrifugo-error-mode", "nonsense"});
        return net.jqwik.api.Combinators.combine(auth, mode).as((a, m) -> {
            String[] all = java.util.Arrays.copyOf(a, a.length + m.length);
            System.arraycopy(m, 0, all, a.length, m.length);
            return all;
        });
    }

    @Provide
    Arbitrary<GrpcMessages.Request> userStatus() {
        return GrpcMessages.userStatus();
    }

    @Provide
    Arbitrary<GrpcMessages.Request> presenceReads() {
        return GrpcMessages.presenceReads();
    }

    @Provide
    Arbitrary<GrpcMessages.Request> channels() {
        return GrpcMessages.channels();
    }

    @Provide
    Arbitrary<GrpcMessages.Request> presenceManagement() {
        return GrpcMessages.presenceManagement();
    }

    @Provide
    Arbitrary<GrpcMessages.Request> rpcBatchInfo() {
        return GrpcMessages.rpcBatchInfo();
    }

    @Provide
    Arbitrary<GrpcMessages.Request> garbled() {
        return GrpcMessages.garbled();
    }
}
