package io.presenced.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.presenced.testing.TestServer;

/**
 * The gRPC listener does not keep connections that do nothing: one that never completes the HTTP/2 handshake is
 * closed after {@code handshake_timeout}, one without calls is sent away after {@code max_connection_idle}. It
 * advertises its per-connection call limit and applies the configured keepalive policy. Spoken in raw HTTP/2
 * frames, since a gRPC client library would hide exactly these.
 */
class GrpcConnectionLimitsIT {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int ACK = 1;
    private static final int MAX_CONCURRENT_STREAMS = 3;

    private record Frame(int type, int flags, byte[] payload) {
    }

    private static TestServer start(String grpcOptions) {
        return TestServer.start("{\"grpc_api\":{\"enabled\":true" + grpcOptions + "}}");
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.server().grpcAddress().orElseThrow().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void sendPreface(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(PREFACE);
        out.write(frame(SETTINGS, 0, new byte[0]));
        out.flush();
    }

    private static byte[] frame(int type, int flags, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length).put((byte) 0).putShort((short) payload.length)
                .put((byte) type).put((byte) flags).putInt(0).put(payload).array();
    }

    // Returns the next frame, or null when the server closed the connection.
    private static Frame read(DataInputStream in) throws IOException {
        try {
            int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            in.readInt();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, payload);
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    // Reads frames until a GOAWAY or the end of the connection (true), or until reading times out (false).
    private static boolean isSentAway(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
            for (Frame f = read(in); f != null; f = read(in)) {
                if (f.type() == GOAWAY) {
                    return true;
                }
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void connectionThatNeverSendsThePrefaceIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (TestServer server = start(",\"handshake_timeout\":\"300ms\"");
             Socket s = connect(server)) {
            assertThat(isSentAway(s)).isTrue();
        }
    }

    @Test
    void connectionWithoutCallsIsSentAwayAfterMaxConnectionIdle() throws IOException {
        try (TestServer server = start(",\"max_connection_idle\":\"300ms\"");
             Socket s = connect(server)) {
            sendPreface(s);
            assertThat(isSentAway(s)).isTrue();
        }
    }

    @Test
    void serverAdvertisesItsCallLimitPerConnection() throws IOException {
        try (TestServer server = start(",\"max_concurrent_calls_per_connection\":7");
             Socket s = connect(server)) {
            sendPreface(s);
            DataInputStream in = new DataInputStream(s.getInputStream());
            Frame f = read(in);
            while (f != null && (f.type() != SETTINGS || (f.flags() & ACK) != 0)) {
                f = read(in);
            }
            assertThat(f).isNotNull();
            ByteBuffer settings = ByteBuffer.wrap(f.payload());
            Integer advertised = null;
            while (settings.remaining() >= 6) {
                int id = settings.getShort() & 0xffff;
                int value = settings.getInt();
                if (id == MAX_CONCURRENT_STREAMS) {
                    advertised = value;
                }
            }
            assertThat(advertised).isEqualTo(7);
        }
    }

    @Test
    void pingsThePolicyPermitsAreAnsweredWithoutAGoaway() throws IOException {
        int pings = 5;
        try (TestServer server = start(",\"permit_keepalive_time\":\"0s\",\"permit_keepalive_without_calls\":true");
             Socket s = connect(server)) {
            sendPreface(s);
            for (int i = 0; i < pings; i++) {
                s.getOutputStream().write(frame(PING, 0, new byte[8]));
            }
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int acks = 0;
            while (acks < pings) {
                Frame f = read(in);
                assertThat(f).as("connection closed after " + acks + " ping answers").isNotNull();
                assertThat(f.type()).as("frame type").isNotEqualTo(GOAWAY);
                if (f.type() == PING && (f.flags() & ACK) != 0) {
                    acks++;
                }
            }
        }
    }
}
