package io.presenced.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An HTTP/1.x request written byte by byte: a request line, header lines and a body, exactly as given (so they
 * may be malformed). {@code framed} says whether the request is certainly complete as written; when it is not
 * (a Content-Length past the body, a chunked body with no last chunk, an unparsable length), the client
 * half-closes after writing so that the server knows nothing more comes.
 */
record RawRequest(String requestLine, List<String> headers, byte[] body, boolean framed) {

    /** Returns the bytes on the wire. Characters above U+00FF go out as UTF-8, the rest as single bytes. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, requestLine + "\r\n");
        for (String h : headers) {
            write(out, h + "\r\n");
        }
        write(out, "\r\n");
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        boolean wide = s.chars().anyMatch(c -> c > 0xff);
        out.writeBytes(s.getBytes(wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return FuzzInputs.abbreviate(requestLine) + " " + headers.stream().map(FuzzInputs::abbreviate).toList()
                + " body " + FuzzInputs.abbreviate(new String(body, StandardCharsets.ISO_8859_1))
                + (framed ? "" : " (then half-closed)");
    }
}
