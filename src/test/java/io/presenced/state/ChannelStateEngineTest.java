package io.presenced.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.presenced.config.ChannelStateConfig;
import io.presenced.config.ConfigLoader;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.Partitioner;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceEvents;
import io.presenced.presence.StateListener;
import io.presenced.presence.memory.InMemoryPresenceStore;
import io.presenced.tasks.BackgroundTasks;
import io.presenced.testing.LogCapture;

/**
 * The engine against sinks that fail in ways a real endpoint cannot be made to: by throwing, or by never answering.
 * The outbox is the real memory store.
 */
class ChannelStateEngineTest {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private static ChannelStateConfig config() {
        String json = "{\"channel\":{\"proxy\":{\"state\":{\"endpoint\":\"http://127.0.0.1:9/x\",\"timeout\":\"200ms\","
                + "\"retry_min_backoff\":\"10ms\",\"retry_max_backoff\":\"50ms\"}}}}";
        return ConfigLoader.fromJson(json, Map.of("PRESENCED_ENGINE_MEMORY_CHANNEL_STATE_NUM_PARTITIONS", "1"))
                .channel().state();
    }

    /** A sink whose attempt {@code n} (from 1) is answered by {@code answer}; it records each batch's ids. */
    private static final class ScriptedSink implements EventSink {
        final IntFunction<CompletionStage<Void>> answer;
        final List<List<String>> batches = new ArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        ScriptedSink(IntFunction<CompletionStage<Void>> answer) {
            this.answer = answer;
        }

        @Override
        public synchronized CompletionStage<Void> send(List<ChannelEvent> events) {
            batches.add(events.stream().map(ChannelEvent::id).toList());
            return answer.apply(attempts.incrementAndGet());
        }

        synchronized List<List<String>> batches() {
            return new ArrayList<>(batches);
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    private StateMetrics runWithOneEvent(ScriptedSink sink) {
        ChannelStateConfig config = config();
        InMemoryPresenceStore store = new InMemoryPresenceStore(new Partitioner(1), config, ch -> "ov",
                Clock.systemUTC(), StateListener.NONE, PresenceEvents.NONE);
        StateMetrics metrics = new StateMetrics(1);
        ChannelStateEngine engine = new ChannelStateEngine("channel-state", store.outbox(), PartitionOwnership.ALL, sink, config, metrics,
                Clock.systemUTC(), new BackgroundTasks());
        opened.add(engine);
        store.join(List.of(new PresenceEntry("chat:1", new ClientInfo("c", "u", null, null))), Long.MAX_VALUE, 128);
        engine.start();
        return metrics;
    }

    @Test
    void aSinkThatThrowsCountsAsAFailedAttemptThatIsRetriedAndLogged() {
        ScriptedSink sink = new ScriptedSink(n -> {
            if (n <= 2) {
                throw new IllegalArgumentException("restricted header name: \"Connection\"");
            }
            return CompletableFuture.completedFuture(null);
        });
        try (LogCapture logs = LogCapture.of(ChannelStateEngine.class, Level.WARN)) {
            StateMetrics metrics = runWithOneEvent(sink);

            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.delivered() == 1);
            assertThat(sink.attempts.get()).isEqualTo(3);
            assertThat(metrics.retried()).isEqualTo(2);
            assertThat(sink.batches()).hasSize(3).allSatisfy(b -> assertThat(b).isEqualTo(sink.batches().get(0)));
            assertThat(logs.messagesAtLeast(Level.WARN))
                    .anySatisfy(m -> assertThat(m).contains("restricted header name"));
        }
    }

    @Test
    void aSinkThatNeverAnswersIsGivenUpOnAndRetried() {
        ScriptedSink sink = new ScriptedSink(n -> n == 1 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(null));
        StateMetrics metrics = runWithOneEvent(sink);

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.delivered() == 1);
        assertThat(sink.attempts.get()).isEqualTo(2);
        assertThat(metrics.retried()).isEqualTo(1);
    }
}
