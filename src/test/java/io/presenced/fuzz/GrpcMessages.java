package io.presenced.fuzz;

import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import io.presenced.presence.PresenceStats;
import io.presenced.proto.api.BatchRequest;
import io.presenced.proto.api.ChannelsRequest;
import io.presenced.proto.api.Command;
import io.presenced.proto.api.DeleteUserStatusRequest;
import io.presenced.proto.api.GetUserStatusRequest;
import io.presenced.proto.api.InfoRequest;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceJoinEntry;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceLeaveEntry;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceRequest;
import io.presenced.proto.api.PresenceStatsRequest;
import io.presenced.proto.api.RPCRequest;
import io.presenced.proto.api.UpdateUserStatusRequest;

/**
 * Requests of every gRPC method, built with the generated classes from fuzzed values (odd strings, odd JSON in
 * the raw-JSON {@code bytes} fields), and hand-made malformed protobuf.
 */
final class GrpcMessages {

    static final String API = "centrifugal.centrifugo.api.CentrifugoApi/";
    static final String PRESENCE_API = "presenced.api.PresenceApi/";

    /** Every unary method's full name. */
    static final List<String> METHODS = List.of(API + "Batch", API + "RPC", API + "Presence", API + "PresenceStats",
            API + "Info", API + "Channels", API + "UpdateUserStatus", API + "GetUserStatus", API + "DeleteUserStatus",
            PRESENCE_API + "PresenceJoin", PRESENCE_API + "PresenceLeave", PRESENCE_API + "PresenceRefresh",
            PRESENCE_API + "PresenceDisconnect");

    private GrpcMessages() {
    }

    /** A request to send: the method's full name and the encoded message, with a readable form. */
    record Request(String method, byte[] bytes, String shown) {

        static Request of(String method, Message m) {
            return new Request(method, m.toByteArray(), m.getClass().getSimpleName() + " {"
                    + FuzzInputs.abbreviate(m.toString().replace('\n', ' ')) + "}");
        }

        @Override
        public String toString() {
            return method + " " + shown;
        }
    }

    static Arbitrary<Request> userStatus() {
        Arbitrary<List<String>> users = users();
        return Arbitraries.oneOf(
                Combinators.combine(users, FuzzInputs.oddStrings()).as((u, s) -> Request.of(API + "UpdateUserStatus",
                        UpdateUserStatusRequest.newBuilder().addAllUsers(u).setState(s).build())),
                users.map(u -> Request.of(API + "GetUserStatus", GetUserStatusRequest.newBuilder().addAllUsers(u)
                        .build())),
                users.map(u -> Request.of(API + "DeleteUserStatus", DeleteUserStatusRequest.newBuilder()
                        .addAllUsers(u).build())));
    }

    static Arbitrary<Request> presenceReads() {
        return Arbitraries.oneOf(
                FuzzInputs.channels().map(c -> Request.of(API + "Presence",
                        PresenceRequest.newBuilder().setChannel(c).build())),
                FuzzInputs.channels().map(c -> Request.of(API + "PresenceStats",
                        PresenceStatsRequest.newBuilder().setChannel(c).build())));
    }

    static Arbitrary<Request> channels() {
        return FuzzInputs.patterns().map(p -> Request.of(API + "Channels",
                ChannelsRequest.newBuilder().setPattern(p).build()));
    }

    static Arbitrary<Request> presenceManagement() {
        return Arbitraries.oneOf(join().map(j -> Request.of(PRESENCE_API + "PresenceJoin", j)),
                leave().map(l -> Request.of(PRESENCE_API + "PresenceLeave", l)),
                clients().map(c -> Request.of(PRESENCE_API + "PresenceRefresh", c)),
                clients().map(c -> Request.of(PRESENCE_API + "PresenceDisconnect",
                        PresenceDisconnectRequest.newBuilder().setClient(c.getClient())
                                .addAllClients(c.getClientsList()).build())));
    }

    static Arbitrary<Request> rpcBatchInfo() {
        return Arbitraries.oneOf(rpc().map(r -> Request.of(API + "RPC", r)),
                Combinators.combine(command().list().ofMaxSize(6), Arbitraries.of(true, false))
                        .as((c, p) -> Request.of(API + "Batch",
                                BatchRequest.newBuilder().addAllCommands(c).setParallel(p).build())),
                Arbitraries.just(Request.of(API + "Info", InfoRequest.getDefaultInstance())));
    }

    /**
     * Malformed protobuf for any method: random bytes, a valid request cut short or with a byte changed or with
     * bytes appended, and hand-made bad encodings (invalid UTF-8 in a string field, a length past the end, a wrong
     * wire type, field number 0, an unterminated group, an over-long varint, deep nesting).
     */
    static Arbitrary<Request> garbled() {
        Arbitrary<Request> valid = Arbitraries.oneOf(userStatus(), presenceReads(), presenceManagement(),
                rpcBatchInfo());
        Arbitrary<byte[]> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Request> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1000), randomBytes).as((r, how, at, extra) -> {
                    byte[] b = r.bytes();
                    int i = b.length == 0 ? 0 : at % b.length;
                    switch (how) {
                        case 0:
                            byte[] cut = java.util.Arrays.copyOf(b, i);
                            return new Request(r.method(), cut,
                                    "bytes " + hex(cut) + " (cut at " + i + " of " + r + ")");
                        case 1:
                            byte[] flipped = b.clone();
                            if (flipped.length > 0) {
                                flipped[i] ^= (byte) (1 + (at % 255));
                            }
                            return new Request(r.method(), flipped,
                                    "bytes " + hex(flipped) + " (byte " + i + " changed in " + r + ")");
                        default:
                            byte[] out = java.util.Arrays.copyOf(b, b.length + extra.length);
                            System.arraycopy(extra, 0, out, b.length, extra.length);
                            return new Request(r.method(), out, "bytes " + hex(out) + " (appended to " + r + ")");
                    }
                });
        Arbitrary<byte[]> handMade = Arbitraries.of(
                new byte[] {0x0a, 0x02, (byte) 0xff, (byte) 0xfe},
                new byte[] {0x0a, 0x03, (byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                new byte[] {0x0d, 0, 0, 0, 0},
                new byte[] {0x09, 1, 2, 3, 4, 5, 6, 7, 8},
                new byte[] {0x00},
                new byte[] {0x0b},
                new byte[] {0x0c},
                new byte[] {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01},
                new byte[] {(byte) 0xf8, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01},
                nested(200), nested(5000), new byte[0]);
        return Arbitraries.frequencyOf(
                Tuple.of(3, mutated),
                Tuple.of(2, Combinators.combine(Arbitraries.of(METHODS), randomBytes)
                        .as((m, b) -> new Request(m, b, "bytes " + hex(b)))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(METHODS), handMade)
                        .as((m, b) -> new Request(m, b, "bytes " + hex(b)))),
                Tuple.of(1, Arbitraries.of(API + "Nope", "presenced.api.PresenceApi/",
                        "nope.Service/Info", API + "info").map(m -> new Request(m, new byte[0], "no bytes"))));
    }

    // Field 1 as a message inside field 1, {@code depth} times.
    private static byte[] nested(int depth) {
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            byte[] len = com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(inner.length) == 1
                    ? new byte[] {(byte) inner.length} : varint(inner.length);
            byte[] out = new byte[1 + len.length + inner.length];
            out[0] = 0x0a;
            System.arraycopy(len, 0, out, 1, len.length);
            System.arraycopy(inner, 0, out, 1 + len.length, inner.length);
            inner = out;
        }
        return inner;
    }

    private static byte[] varint(int value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length && i < 64; i++) {
            s.append(String.format("%02x", b[i]));
        }
        return b.length > 64 ? s + "...(" + b.length + " bytes)" : s.toString();
    }

    private static Arbitrary<List<String>> users() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, FuzzInputs.oddStrings().list().ofMaxSize(5)),
                Tuple.of(1, Combinators.combine(FuzzInputs.plainIds(), Arbitraries.of(1000, 1001))
                        .as((u, n) -> java.util.Collections.nCopies(n, u))));
    }

    private static Arbitrary<ByteString> json() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(ByteString.EMPTY)),
                Tuple.of(4, FuzzInputs.jsonValues().map(ByteString::copyFromUtf8)),
                Tuple.of(1, Body.of(FuzzInputs.jsonValues()).map(b -> ByteString.copyFrom(b.bytes()))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(ByteString::copyFrom)));
    }

    private static Arbitrary<PresenceJoinRequest> join() {
        Arbitrary<PresenceJoinEntry> entry = Combinators.combine(FuzzInputs.channels(), FuzzInputs.oddStrings(),
                FuzzInputs.oddStrings(), json(), json()).as((ch, c, u, ci, hi) -> PresenceJoinEntry.newBuilder()
                .setChannel(ch).setClient(c).setUser(u).setConnInfo(ci).setChanInfo(hi).build());
        return Combinators.combine(entry, entry.list().ofMaxSize(3), Arbitraries.of(true, false))
                .as((top, entries, withTop) -> {
                    PresenceJoinRequest.Builder b = PresenceJoinRequest.newBuilder().addAllEntries(entries);
                    if (withTop) {
                        b.setChannel(top.getChannel()).setClient(top.getClient()).setUser(top.getUser())
                                .setConnInfo(top.getConnInfo()).setChanInfo(top.getChanInfo());
                    }
                    return b.build();
                });
    }

    private static Arbitrary<PresenceLeaveRequest> leave() {
        Arbitrary<PresenceLeaveEntry> entry = Combinators.combine(FuzzInputs.channels(), FuzzInputs.oddStrings())
                .as((ch, c) -> PresenceLeaveEntry.newBuilder().setChannel(ch).setClient(c).build());
        return Combinators.combine(FuzzInputs.channels(), FuzzInputs.oddStrings(), entry.list().ofMaxSize(3))
                .as((ch, c, entries) -> PresenceLeaveRequest.newBuilder().setChannel(ch).setClient(c)
                        .addAllEntries(entries).build());
    }

    private static Arbitrary<PresenceRefreshRequest> clients() {
        return Combinators.combine(FuzzInputs.oddStrings(), users())
                .as((c, list) -> PresenceRefreshRequest.newBuilder().setClient(c).addAllClients(list).build());
    }

    private static Arbitrary<RPCRequest> rpc() {
        Arbitrary<String> params = Arbitraries.oneOf(ApiBodies.params("update_user_status"),
                ApiBodies.params("get_user_status"), FuzzInputs.jsonValues());
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.of(ApiBodies.RPC_NAMES), FuzzInputs.oddStrings()),
                Arbitraries.oneOf(params.map(ByteString::copyFromUtf8), json()))
                .as((m, p) -> RPCRequest.newBuilder().setMethod(m).setParams(p).build());
    }

    private static Arbitrary<Command> command() {
        return Arbitraries.oneOf(
                userStatus().map(r -> commandOf(r)),
                presenceReads().map(r -> commandOf(r)),
                presenceManagement().map(r -> commandOf(r)),
                rpc().map(r -> Command.newBuilder().setRpc(r).build()),
                Arbitraries.of(Command.getDefaultInstance(),
                        Command.newBuilder().setInfo(InfoRequest.getDefaultInstance()).build()));
    }

    // Re-reads an encoded request into the Command field of its type: method "X" carries an "XRequest".
    private static Command commandOf(Request r) {
        String type = r.method().substring(r.method().indexOf('/') + 1) + "Request";
        Command.Builder b = Command.newBuilder();
        for (FieldDescriptor f : Command.getDescriptor().getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && f.getMessageType().getName().equals(type)) {
                try {
                    b.setField(f, b.newBuilderForField(f).mergeFrom(r.bytes()).build());
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return b.build();
    }
}
