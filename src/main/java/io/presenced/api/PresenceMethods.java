package io.presenced.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.presenced.concurrent.Futures;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ChannelLimitException;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Namespaces;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceService;
import io.presenced.presence.PresenceStats;

/**
 * The channel-presence methods: the Centrifugo read side ({@code presence}, {@code presence_stats},
 * {@code channels}) and presenced's backend-facing writes ({@code presence_join}, {@code presence_leave},
 * {@code presence_refresh}, {@code presence_disconnect}), each taking one entry or a list of entries.
 */
public final class PresenceMethods implements ApiMethodGroup {

    /** Request of {@code presence} and {@code presence_stats}. */
    public record ChannelRequest(String channel) {
    }

    /** Request of {@code channels}; an empty pattern matches every channel. */
    public record ChannelsRequest(String pattern) {
    }

    /**
     * Request of {@code presence_join}.
     *
     * @param entries  the entries; the first came from the top-level fields when {@code topLevel}
     * @param topLevel whether the request named one entry in its top-level fields
     */
    public record JoinRequest(List<PresenceEntry> entries, boolean topLevel) {
    }

    /** Request of {@code presence_leave}. */
    public record LeaveRequest(List<ChannelClient> entries, boolean topLevel) {
    }

    /** Request of {@code presence_refresh} and {@code presence_disconnect}. */
    public record ClientsRequest(List<String> clients, boolean topLevel) {
    }

    private final PresenceService presence;
    private final Namespaces namespaces;
    private final PresenceValidation validation;

    /** Creates the methods over {@code presence}. */
    public PresenceMethods(PresenceService presence, Namespaces namespaces, PresenceValidation validation) {
        this.presence = presence;
        this.namespaces = namespaces;
        this.validation = validation;
    }

    @Override
    public List<ApiMethod<?, ?>> methods() {
        return List.of(presence(), presenceStats(), channels(), join(), leave(), refresh(), disconnect());
    }

    /** Returns {@code presence}: the clients in a channel. */
    public ApiMethod<ChannelRequest, Map<String, ClientInfo>> presence() {
        return new ApiMethod<>("presence", p -> new ChannelRequest(p.string("channel")),
                q -> {
                    namespaces.requirePresence(q.channel(), "channel");
                    return presence.presence(q.channel());
                },
                PresenceMethods::writePresence);
    }

    /** Returns {@code presence_stats}: the counts of a channel. */
    public ApiMethod<ChannelRequest, PresenceStats> presenceStats() {
        return new ApiMethod<>("presence_stats", p -> new ChannelRequest(p.string("channel")),
                q -> {
                    namespaces.requirePresence(q.channel(), "channel");
                    return presence.stats(q.channel());
                },
                (r, out) -> {
                    out.writeStartObject();
                    out.writeNumberField("num_clients", r.numClients());
                    out.writeNumberField("num_users", r.numUsers());
                    out.writeEndObject();
                });
    }

    /** Returns {@code channels}: occupied channels matching an optional glob pattern, with client counts. */
    public ApiMethod<ChannelsRequest, Map<String, Integer>> channels() {
        return new ApiMethod<>("channels", p -> new ChannelsRequest(p.string("pattern")),
                q -> {
                    Glob glob = validation.pattern(q.pattern());
                    // On Redis the stage completes on the store's reply executor, never on Lettuce's I/O thread.
                    return presence.channels().thenApply(all -> {
                        Map<String, Integer> out = new TreeMap<>();
                        all.forEach((ch, n) -> {
                            if (glob.matches(ch)) {
                                out.put(ch, n);
                            }
                        });
                        return out;
                    });
                },
                (r, out) -> {
                    out.writeStartObject();
                    out.writeObjectFieldStart("channels");
                    for (Map.Entry<String, Integer> e : r.entrySet()) {
                        out.writeObjectFieldStart(e.getKey());
                        out.writeNumberField("num_clients", e.getValue());
                        out.writeEndObject();
                    }
                    out.writeEndObject();
                    out.writeEndObject();
                });
    }

    /** Returns {@code presence_join}: clients are present in channels (idempotent; refreshes). */
    public ApiMethod<JoinRequest, Void> join() {
        return new ApiMethod<>("presence_join", PresenceMethods::decodeJoin,
                q -> {
                    List<PresenceEntry> entries = validation.joins(q);
                    return presence.join(entries, validation.channelLimit()).exceptionally(e -> {
                        throw limitExceeded(q, e);
                    });
                }, ApiMethod.emptyResult());
    }

    /** Returns {@code presence_leave}: clients are gone from channels. */
    public ApiMethod<LeaveRequest, Void> leave() {
        return new ApiMethod<>("presence_leave", PresenceMethods::decodeLeave,
                q -> presence.leaveReported(validation.leaves(q)), ApiMethod.emptyResult());
    }

    /** Returns {@code presence_refresh}: extend every entry the clients hold. */
    public ApiMethod<ClientsRequest, Void> refresh() {
        return new ApiMethod<>("presence_refresh", PresenceMethods::decodeClients,
                q -> presence.refresh(validation.clients(q)), ApiMethod.emptyResult());
    }

    /** Returns {@code presence_disconnect}: remove the clients from every channel. */
    public ApiMethod<ClientsRequest, Void> disconnect() {
        return new ApiMethod<>("presence_disconnect", PresenceMethods::decodeClients,
                q -> presence.disconnect(validation.clients(q)), ApiMethod.emptyResult());
    }

    static void writePresence(Map<String, ClientInfo> presence, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart("presence");
        for (ClientInfo c : presence.values()) {
            out.writeObjectFieldStart(c.client());
            out.writeStringField("user", c.user());
            out.writeStringField("client", c.client());
            if (c.connInfo() != null) {
                out.writeFieldName("conn_info");
                out.writeRawValue(c.connInfo());
            }
            if (c.chanInfo() != null) {
                out.writeFieldName("chan_info");
                out.writeRawValue(c.chanInfo());
            }
            out.writeEndObject();
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static JoinRequest decodeJoin(JsonParams p) {
        List<PresenceEntry> entries = new ArrayList<>();
        boolean top = !p.string("channel").isEmpty() || !p.string("client").isEmpty();
        if (top) {
            entries.add(joinEntry(p));
        }
        List<JsonNode> list = p.objects("entries");
        for (int i = 0; i < list.size(); i++) {
            entries.add(joinEntry(JsonParams.of(list.get(i), "entries[" + i + "]")));
        }
        return new JoinRequest(entries, top);
    }

    private static PresenceEntry joinEntry(JsonParams p) {
        return new PresenceEntry(p.string("channel"), new ClientInfo(p.string("client"), p.string("user"),
                json(p.raw("conn_info")), json(p.raw("chan_info"))));
    }

    private static LeaveRequest decodeLeave(JsonParams p) {
        List<ChannelClient> entries = new ArrayList<>();
        boolean top = !p.string("channel").isEmpty() || !p.string("client").isEmpty();
        if (top) {
            entries.add(new ChannelClient(p.string("channel"), p.string("client")));
        }
        List<JsonNode> list = p.objects("entries");
        for (int i = 0; i < list.size(); i++) {
            JsonParams e = JsonParams.of(list.get(i), "entries[" + i + "]");
            entries.add(new ChannelClient(e.string("channel"), e.string("client")));
        }
        return new LeaveRequest(entries, top);
    }

    private static ClientsRequest decodeClients(JsonParams p) {
        List<String> clients = new ArrayList<>();
        boolean top = !p.string("client").isEmpty();
        if (top) {
            clients.add(p.string("client"));
        }
        clients.addAll(p.strings("clients"));
        return new ClientsRequest(clients, top);
    }

    // Maps the store's refusal to 106 naming the client field of the first entry of that client.
    private RuntimeException limitExceeded(JoinRequest q, Throwable t) {
        Throwable cause = Futures.unwrap(t);
        if (!(cause instanceof ChannelLimitException)) {
            return t instanceof RuntimeException ? (RuntimeException) t : new CompletionException(t);
        }
        ChannelLimitException limit = (ChannelLimitException) cause;
        int i = 0;
        while (i < q.entries().size() - 1 && !q.entries().get(i).info().client().equals(limit.client())) {
            i++;
        }
        return ApiException.of(ApiError.LIMIT_EXCEEDED, validation.field(i, q.topLevel(), "client") + ": \""
                + limit.client() + "\" " + limit.reason());
    }

    private static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
