package io.presenced.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.PresenceException;
import io.presenced.state.ChannelEvent;
import io.presenced.status.StatusRecord.ManualState;

/**
 * Adds a user's status to the events of the user streams as they are delivered: the whole truth for the backend,
 * the public view for watchers. The status is the one at delivery, read in bulk (one round trip per storage node
 * for a batch), and derived with the connection model: {@code online} is whether the user held a live connection
 * at the event (or within the offline grace before it), never a timestamp's age.
 */
public final class StatusEvents {

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<UserStatusService> service;

    /** Creates the enrichment over the user-status service, which may be wired after the streams. */
    public StatusEvents(Supplier<UserStatusService> service) {
        this.service = service;
    }

    /** Adds the whole status to each {@code user_status} event, as the backend receives it. */
    public CompletionStage<List<ChannelEvent>> forBackend(List<ChannelEvent> events) {
        return enrich(events, false, e -> ChannelEvent.CHANGED.equals(e.type()));
    }

    /** Adds the public view of the status to every event, as watchers receive it. */
    public CompletionStage<List<ChannelEvent>> forWatchers(List<ChannelEvent> events) {
        return enrich(events, true, e -> true);
    }

    private CompletionStage<List<ChannelEvent>> enrich(List<ChannelEvent> events, boolean publicView,
                                                       Predicate<ChannelEvent> which) {
        UserStatusService s = service.get();
        if (s == null) {
            return CompletableFuture.failedFuture(new PresenceException("user status is not started yet"));
        }
        Set<String> users = new LinkedHashSet<>();
        events.stream().filter(which).forEach(e -> users.add(e.channel()));
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(events);
        }
        long now = s.nowSeconds();
        return s.details(List.copyOf(users), now).thenApply(records -> {
            Map<String, StatusRecord> byUser = new HashMap<>();
            records.forEach(r -> byUser.put(r.user(), r));
            List<ChannelEvent> out = new ArrayList<>(events.size());
            for (ChannelEvent e : events) {
                out.add(which.test(e) ? e.withData(json(byUser.get(e.channel()), e.occupied(), publicView,
                        s.model(), now)) : e);
            }
            return out;
        });
    }

    /**
     * Returns a user's status as a JSON object: {@code online}, then {@code status}, {@code manual_state},
     * {@code custom}, {@code activity}. In the public view an invisible user is exactly an offline user with
     * nothing set.
     */
    public static String json(StatusRecord record, boolean connected, boolean publicView, StatusModel model,
                              long now) {
        StatusRecord r = record;
        boolean online = connected;
        if (publicView && r.manual() == ManualState.INVISIBLE) {
            r = StatusRecord.unknown(r.user());
            online = false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeBooleanField("online", online);
            StatusJson.writeModel(r, model.deriveConnected(r, online, now), false, out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
