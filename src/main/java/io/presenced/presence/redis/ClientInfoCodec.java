package io.presenced.presence.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presenced.presence.ClientInfo;

/**
 * Decodes the stored form written by {@link PresenceKeys#encode(ClientInfo)}.
 */
final class ClientInfoCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientInfoCodec() {
    }

    /** Returns the entry of {@code client}, or {@code null} when {@code value} is malformed. */
    static ClientInfo decode(String client, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int userBytes;
        try {
            userBytes = Integer.parseInt(value, 0, colon, 10);
        } catch (NumberFormatException e) {
            return null;
        }
        // The length counts UTF-8 bytes, as Lua does; the prefix before the colon is ASCII, so offsets agree.
        int start = colon + 1;
        if (start + userBytes > bytes.length) {
            return null;
        }
        String user = new String(bytes, start, userBytes, StandardCharsets.UTF_8);
        int rest = start + userBytes;
        if (rest == bytes.length) {
            return new ClientInfo(client, user, null, null);
        }
        try {
            JsonNode info = JSON.readTree(bytes, rest, bytes.length - rest);
            JsonNode c = info.get("c");
            JsonNode h = info.get("h");
            return new ClientInfo(client, user, c == null ? null : c.toString(), h == null ? null : h.toString());
        } catch (IOException e) {
            return new ClientInfo(client, user, null, null);
        }
    }

    /** Returns the user of a stored value, or {@code ""} when malformed. */
    static String user(String value) {
        ClientInfo info = decode("", value);
        return info == null ? "" : info.user();
    }
}
