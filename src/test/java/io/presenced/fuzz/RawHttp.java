package io.presenced.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Sends a {@link RawRequest} over a plain socket and reads the status line of the first answer. Every wait is
 * bounded by {@link FuzzTarget#CALL_TIMEOUT}. A complete request must get an answer or a close within it; an
 * incomplete one is followed by a half-close, after which the server must answer or close within it.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** What the server did: its status code, or -1 when it closed the connection without answering. */
    record Outcome(int status, String head) {
    }

    static Outcome exchange(URI base, RawRequest request) {
        int timeout = (int) FuzzTarget.CALL_TIMEOUT.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeout);
            socket.setSoTimeout(timeout);
            try {
                socket.getOutputStream().write(request.bytes());
                socket.getOutputStream().flush();
                if (!request.framed()) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may close before it has read everything (a 400 on the request line, say); what it
                // answered, if anything, is still readable.
            }
            String head = readHead(socket.getInputStream());
            if (head.isEmpty()) {
                return new Outcome(-1, "");
            }
            String[] parts = head.split(" ", 3);
            int status = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : 0;
            if (status == 0) {
                throw new AssertionError("not an HTTP answer: " + FuzzInputs.abbreviate(head) + " for " + request);
            }
            return new Outcome(status, head);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within " + FuzzTarget.CALL_TIMEOUT + " (hung) for "
                    + request, e);
        } catch (IOException e) {
            // A reset is the server refusing the connection outright: no answer, and no server error either.
            return new Outcome(-1, e.toString());
        }
    }

    // Reads up to the end of the response head, or to EOF.
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
