package io.presenced.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;


/**
 * Writes JSON into the protobuf {@code bytes} fields that carry raw JSON, such as RPC's {@code data} in the server
 * API and the client protocol: the bytes are exactly what the HTTP API embeds at the same place.
 */
public final class RawJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RawJson() {
    }

    /** Returns the UTF-8 JSON that {@code value} writes. */
    public static ByteString of(JsonWritable value) {
        ByteString.Output bytes = ByteString.newOutput(128);
        try (JsonGenerator out = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            value.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return bytes.toByteString();
    }
}
