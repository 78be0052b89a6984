package io.presenced.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection for {@code POST} requests, blocking, with the little parsing presenced's
 * answers need (a status line, headers, a {@code Content-Length} body). Far cheaper per request than the JDK
 * client, so the generator leaves the CPU to the server it measures. Not thread-safe: one per thread.
 */
final class HttpConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A response: its status code and body. */
    record Response(int status, String body) {
    }

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code POST path} with the extra header lines ({@code "Name: value\r\n"} each) and the body. */
    Response post(String path, String headerLines, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headerLines
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length (status " + code + ")");
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        if (close) {
            close();
        }
        return new Response(code, body);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a socket we are done with: nothing to do.
            }
            socket = null;
        }
    }
}
