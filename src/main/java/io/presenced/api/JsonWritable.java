package io.presenced.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Something that writes itself as one JSON value.
 */
@FunctionalInterface
public interface JsonWritable {

    /** Writes exactly one JSON value to {@code out}. */
    void writeTo(JsonGenerator out) throws IOException;
}
