package io.presenced.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.state.ChannelEvent;

/**
 * The JSON body of an event webhook: {@code {"events":[{"channel","type","time_ms","id","version"}]}} for channel
 * state ({@code id} and {@code version} are presenced's additions; receivers that ignore unknown fields keep
 * working), {@code "user"} instead of {@code "channel"} for user events.
 */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    static byte[] encode(List<ChannelEvent> events, EventNaming naming) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.size() * 96);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeArrayFieldStart("events");
            for (ChannelEvent e : events) {
                out.writeStartObject();
                out.writeStringField(naming.subject(), e.channel());
                out.writeStringField("type", naming.type(e));
                out.writeNumberField("time_ms", e.timeMs());
                out.writeStringField("id", e.id());
                out.writeNumberField("version", e.version());
                if (e.data() != null) {
                    out.writeFieldName("status");
                    out.writeRawValue(e.data());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Returns the webhook id of a batch: the same for the same events, also on a retry. */
    static String batchId(List<ChannelEvent> events) {
        String first = events.get(0).id();
        return events.size() == 1 ? first : first + "_" + events.get(events.size() - 1).id();
    }
}
