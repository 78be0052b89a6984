package io.presenced.testing.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One RESP2 request and reply over a short-lived loopback socket. */
final class Resp {

    static final InetAddress LOOPBACK = loopback();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private Resp() {
    }

    /**
     * Sends one command to 127.0.0.1:port and returns its reply as String, Long, List, or null.
     *
     * @throws RedisReplyException on an error reply
     * @throws UncheckedIOException when the node cannot be reached or does not answer within readTimeout
     */
    static Object call(int port, Duration readTimeout, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("args: [] (expected: a command name and its arguments)");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("127.0.0.1:" + port + " " + args[0] + ": " + e, e);
        }
    }

    static byte[] encode(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(UTF_8);
            buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(UTF_8));
            buf.writeBytes(bytes);
            buf.writeBytes("\r\n".getBytes(UTF_8));
        }
        return buf.toByteArray();
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("connection closed before a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisReplyException(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(in, Integer.parseInt(line));
            case '*':
                return readArray(in, Integer.parseInt(line));
            default:
                throw new IOException("unexpected RESP type byte: '" + (char) type + "' (expected: one of +-:$*)");
        }
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a bulk string");
        }
        readLine(in);
        return new String(bytes, UTF_8);
    }

    private static List<Object> readArray(InputStream in, int size) throws IOException {
        if (size < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            items.add(read(in));
        }
        return Collections.unmodifiableList(items);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new EOFException("connection closed inside a reply line");
    }

    private static InetAddress loopback() {
        try {
            // Explicitly IPv4: redis-server is bound to 127.0.0.1 only, and getLoopbackAddress() may prefer ::1.
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
