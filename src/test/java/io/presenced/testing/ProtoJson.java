package io.presenced.testing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;

/**
 * Protobuf messages as JSON and back by field name, for tests comparing presenced's protobuf API with its JSON one,
 * whose field names are the same. Only what a message holds is written: a proto3 field at its zero value, an empty
 * list or map, and an unset message are left out. 64-bit integers are JSON numbers (unlike protobuf's own JSON
 * mapping, which quotes them). Covers the field types the status API uses: strings, booleans, integers, messages,
 * lists and maps with string keys.
 */
public final class ProtoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtoJson() {
    }

    /** Returns the fields {@code m} holds as a JSON object, by field name. */
    public static ObjectNode toJson(MessageOrBuilder m) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.isMapField()) {
                ObjectNode map = out.putObject(f.getName());
                for (Object entry : (List<?>) e.getValue()) {
                    Message kv = (Message) entry;
                    FieldDescriptor key = kv.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor value = kv.getDescriptorForType().findFieldByName("value");
                    map.set((String) kv.getField(key), value(value, kv.getField(value)));
                }
            } else if (f.isRepeated()) {
                ArrayNode list = out.putArray(f.getName());
                for (Object v : (List<?>) e.getValue()) {
                    list.add(value(f, v));
                }
            } else {
                out.set(f.getName(), value(f, e.getValue()));
            }
        }
        return out;
    }

    /**
     * Fills {@code builder} from {@code json}, field by name; JSON null leaves a field unset.
     *
     * @throws IllegalArgumentException for a name the message does not have or a value of the wrong type
     */
    @SuppressWarnings("unchecked")
    public static <T extends Message> T fromJson(JsonNode json, Message.Builder builder) {
        json.fields().forEachRemaining(e -> {
            FieldDescriptor f = builder.getDescriptorForType().findFieldByName(e.getKey());
            if (f == null) {
                throw new IllegalArgumentException(builder.getDescriptorForType().getName() + " has no field "
                        + e.getKey());
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                return;
            }
            if (f.isRepeated()) {
                v.forEach(item -> builder.addRepeatedField(f, scalar(f, item, builder)));
            } else {
                builder.setField(f, scalar(f, v, builder));
            }
        });
        return (T) builder.build();
    }

    private static JsonNode value(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case MESSAGE -> toJson((Message) v);
            case STRING -> NODES.textNode((String) v);
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INT -> NODES.numberNode((Integer) v);
            case LONG -> NODES.numberNode((Long) v);
            default -> throw new IllegalArgumentException(f.getFullName() + ": " + f.getJavaType() + " not covered");
        };
    }

    private static Object scalar(FieldDescriptor f, JsonNode v, Message.Builder parent) {
        Object out = switch (f.getJavaType()) {
            case MESSAGE -> v.isObject() ? fromJson(v, parent.newBuilderForField(f)) : null;
            case STRING -> v.isTextual() ? v.textValue() : null;
            case BOOLEAN -> v.isBoolean() ? v.booleanValue() : null;
            case INT -> v.canConvertToInt() && v.isIntegralNumber() ? v.intValue() : null;
            case LONG -> v.canConvertToLong() && v.isIntegralNumber() ? v.longValue() : null;
            default -> null;
        };
        if (out == null) {
            throw new IllegalArgumentException(f.getFullName() + ": cannot take " + v);
        }
        return out;
    }
}
