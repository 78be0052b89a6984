package io.presenced.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

import io.presenced.api.PresenceMethods.ClientsRequest;
import io.presenced.api.PresenceMethods.JoinRequest;
import io.presenced.api.PresenceMethods.LeaveRequest;
import io.presenced.config.LimitsConfig;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.Namespaces;
import io.presenced.presence.PresenceEntry;

/**
 * Checks of the presence-management methods, shared by every transport: entry counts, channel rules and
 * namespaces, client and user ids (well-formed, no control characters, within the length limits; see {@link Ids}),
 * info sizes, and {@code channels} patterns. Errors name the field, as {@code entries[3].channel}.
 */
public final class PresenceValidation {

    private final LimitsConfig limits;
    private final Namespaces namespaces;

    /** Creates the checks. */
    public PresenceValidation(LimitsConfig limits, Namespaces namespaces) {
        this.limits = limits;
        this.namespaces = namespaces;
    }

    /** Checks a join request and returns its entries. */
    public List<PresenceEntry> joins(JoinRequest q) {
        return eachEntry(q.entries(), q.topLevel(), (e, at) -> {
            namespaces.requirePresence(e.channel(), at + "channel");
            client(e.info().client(), at + "client");
            Ids.check(e.info().user(), at + "user");
            bytes(e.info().user(), limits.maxUserIdLength(), at + "user");
            info(e.info().connInfo(), at + "conn_info");
            info(e.info().chanInfo(), at + "chan_info");
        });
    }

    /** Checks a leave request and returns its entries. */
    public List<ChannelClient> leaves(LeaveRequest q) {
        return eachEntry(q.entries(), q.topLevel(), (e, at) -> {
            namespaces.requirePresence(e.channel(), at + "channel");
            client(e.client(), at + "client");
        });
    }

    /** Checks a refresh or disconnect request and returns its clients. */
    public List<String> clients(ClientsRequest q) {
        count(q.clients().size(), "clients");
        for (int i = 0; i < q.clients().size(); i++) {
            int listIndex = q.topLevel() ? i - 1 : i;
            client(q.clients().get(i), listIndex < 0 ? "client" : "clients[" + listIndex + "]");
        }
        return q.clients();
    }

    /** Compiles a {@code channels} pattern within the pattern length limit. */
    Glob pattern(String pattern) {
        return Glob.compile(pattern, "pattern", limits.maxPatternLength());
    }

    /** Returns the most channels one client may be in. */
    int channelLimit() {
        return limits.channelLimit();
    }

    private void count(int n, String field) {
        if (n == 0) {
            throw ApiException.badField(field, "must not be empty (expected: the top-level fields or a list)");
        }
        if (n > limits.maxEntriesPerCall()) {
            throw ApiException.badField(field, n + " entries (expected: at most " + limits.maxEntriesPerCall()
                    + " per call)");
        }
    }

    /** Checks the count of {@code entries}, then each entry with the prefix its fields are named by in errors. */
    private <T> List<T> eachEntry(List<T> entries, boolean topLevel, BiConsumer<T, String> check) {
        count(entries.size(), "entries");
        for (int i = 0; i < entries.size(); i++) {
            check.accept(entries.get(i), path(i, topLevel));
        }
        return entries;
    }

    private void client(String client, String field) {
        if (client.isEmpty()) {
            throw ApiException.badField(field, "must not be empty");
        }
        Ids.check(client, field);
        bytes(client, limits.maxClientIdLength(), field);
    }

    /**
     * Checks a {@code conn_info} or {@code chan_info} ({@code null} for none): well-formed, within
     * {@code limits.max_info_size}.
     *
     * @throws ApiException 107 naming {@code field}
     */
    public void info(String json, String field) {
        if (json != null) {
            Ids.wellFormed(json, field);
            bytes(json, limits.maxInfoSize(), field);
        }
    }

    private static void bytes(String s, int max, String field) {
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n > max) {
            throw ApiException.badField(field, n + " bytes (expected: at most " + max + ")");
        }
    }

    /** Returns the name of field {@code name} of entry {@code i}, as errors name it ({@code entries[2].client}). */
    String field(int i, boolean topLevel, String name) {
        return path(i, topLevel) + name;
    }

    private static String path(int i, boolean topLevel) {
        if (topLevel) {
            return i == 0 ? "" : "entries[" + (i - 1) + "].";
        }
        return "entries[" + i + "].";
    }
}
