package io.presenced.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * Protobuf messages encoded and decoded by hand from field numbers, so that tests pin the wire layout instead of
 * trusting the generated classes: a field renumbered in {@code proto/} makes them fail.
 */
public final class Wire {

    private Wire() {
    }

    /** Returns an empty message to encode. */
    public static Out message() {
        return new Out();
    }

    /** Decodes {@code bytes} as one message. */
    public static In decode(byte[] bytes) {
        return new In(bytes);
    }

    /** A message being encoded, field by field in the order written. */
    public static final class Out {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        private Out() {
        }

        /** Adds a {@code string} field. */
        public Out string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds a length-delimited field ({@code bytes}, {@code string} or a message). */
        public Out bytes(int field, byte[] value) {
            return write(() -> out.writeByteArray(field, value));
        }

        /** Adds a varint field ({@code int64}, {@code uint32}, {@code bool}). */
        public Out varint(int field, long value) {
            return write(() -> {
                out.writeTag(field, WireFormat.WIRETYPE_VARINT);
                out.writeUInt64NoTag(value);
            });
        }

        /** Adds an embedded message field. */
        public Out message(int field, Out value) {
            return bytes(field, value.toBytes());
        }

        /** Returns the encoded message. */
        public byte[] toBytes() {
            write(out::flush);
            return bytes.toByteArray();
        }

        private Out write(IoStep step) {
            try {
                step.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    /** A decoded message: every field number with its values in wire order (varints as Long, the rest as bytes). */
    public static final class In {

        private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

        private In(byte[] bytes) {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            try {
                while (!in.isAtEnd()) {
                    int tag = in.readTag();
                    int field = WireFormat.getTagFieldNumber(tag);
                    Object value;
                    switch (WireFormat.getTagWireType(tag)) {
                        case WireFormat.WIRETYPE_VARINT:
                            value = in.readRawVarint64();
                            break;
                        case WireFormat.WIRETYPE_LENGTH_DELIMITED:
                            value = in.readByteArray();
                            break;
                        case WireFormat.WIRETYPE_FIXED64:
                            value = in.readRawLittleEndian64();
                            break;
                        case WireFormat.WIRETYPE_FIXED32:
                            value = (long) in.readRawLittleEndian32();
                            break;
                        default:
                            throw new IllegalArgumentException("unexpected wire type in tag " + tag);
                    }
                    fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Returns the field numbers present. */
        public Set<Integer> fields() {
            return fields.keySet();
        }

        /** Returns whether field {@code field} is present. */
        public boolean has(int field) {
            return fields.containsKey(field);
        }

        /** Returns the single length-delimited value of {@code field} as UTF-8. */
        public String string(int field) {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }

        /** Returns the single length-delimited value of {@code field}. */
        public byte[] bytes(int field) {
            return (byte[]) single(field);
        }

        /** Returns the single varint value of {@code field}. */
        public long varint(int field) {
            return (Long) single(field);
        }

        /** Returns the single embedded message of {@code field}, decoded. */
        public In message(int field) {
            return new In(bytes(field));
        }

        /** Returns every embedded message of repeated {@code field}, decoded, in wire order. */
        public List<In> messages(int field) {
            List<In> out = new ArrayList<>();
            for (Object v : fields.getOrDefault(field, List.of())) {
                out.add(new In((byte[]) v));
            }
            return out;
        }

        private Object single(int field) {
            List<Object> values = fields.get(field);
            if (values == null || values.size() != 1) {
                throw new AssertionError("field " + field + ": expected exactly one value, found "
                        + (values == null ? "none" : values.size()) + " in fields " + fields.keySet());
            }
            return values.get(0);
        }

        @Override
        public String toString() {
            return "Wire.In" + fields.keySet();
        }
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
