package io.presenced.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A request body: JSON text and the way it is put on the wire. Most bodies are UTF-8; some carry a byte-order
 * mark, are in UTF-16 or UTF-32 (which JSON parsers may detect), in Latin-1, gzipped, or have invalid UTF-8
 * (a lone continuation byte, an over-long form, an encoded surrogate, a truncated sequence) spliced in.
 */
record Body(String text, Encoding encoding) {

    /** How the text becomes bytes. */
    enum Encoding {
        UTF_8, UTF_8_BOM, UTF_16LE, UTF_16BE, UTF_32BE, LATIN_1, GZIP, INVALID_FF, INVALID_OVERLONG,
        INVALID_SURROGATE, INVALID_TRUNCATED
    }

    /** Returns bodies of {@code texts}, mostly UTF-8. */
    static Arbitrary<Body> of(Arbitrary<String> texts) {
        Arbitrary<Encoding> encodings = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(Encoding.UTF_8)),
                Tuple.of(2, Arbitraries.of(Encoding.class)));
        return Combinators.combine(texts, encodings).as(Body::new);
    }

    /** Returns the body's bytes. */
    byte[] bytes() {
        switch (encoding) {
            case UTF_8_BOM:
                return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        text.getBytes(StandardCharsets.UTF_8));
            case UTF_16LE:
                return text.getBytes(StandardCharsets.UTF_16LE);
            case UTF_16BE:
                return text.getBytes(StandardCharsets.UTF_16BE);
            case UTF_32BE:
                return text.getBytes(Charset.forName("UTF-32BE"));
            case LATIN_1:
                return text.getBytes(StandardCharsets.ISO_8859_1);
            case GZIP:
                return gzip(text.getBytes(StandardCharsets.UTF_8));
            case INVALID_FF:
                return splice(new byte[] {(byte) 0xFF, (byte) 0x80});
            case INVALID_OVERLONG:
                return splice(new byte[] {(byte) 0xC0, (byte) 0xAF});
            case INVALID_SURROGATE:
                return splice(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case INVALID_TRUNCATED:
                return splice(new byte[] {(byte) 0xE2, (byte) 0x82});
            default:
                return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    // Puts the bytes just inside the first string literal, or at the start when there is none.
    private byte[] splice(byte[] bad) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf('"') + 1;
        int offset = at <= 0 ? 0 : text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        byte[] out = new byte[utf8.length + bad.length];
        System.arraycopy(utf8, 0, out, 0, offset);
        System.arraycopy(bad, 0, out, offset, bad.length);
        System.arraycopy(utf8, offset, out, offset + bad.length, utf8.length - offset);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return encoding + " " + FuzzInputs.abbreviate(text);
    }
}
