package io.presenced.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import io.presenced.testing.MutableClock;

class NodeInfoTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));

    private static String json(NodeInfo info) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator out = new JsonFactory().createGenerator(w)) {
            NodeInfo.write(new NodeInfo.Result(List.of(info.current())), out);
        }
        return w.toString();
    }

    @Test
    void writesEveryCountAndTheUptimeInSeconds() throws IOException {
        NodeInfo info = NodeInfo.create("n1", clock, () -> new NodeStats.Counts(3, 2, 1));
        clock.advance(Duration.ofMillis(42_900));
        assertThat(json(info)).isEqualTo("{\"nodes\":[{\"uid\":\"" + info.uid() + "\",\"name\":\"n1\","
                + "\"version\":\"" + info.current().version() + "\",\"num_clients\":3,\"num_users\":2,"
                + "\"num_channels\":1,\"uptime\":42}]}");
    }

    @Test
    void zeroCountsAreWrittenAndAZeroUptimeIsLeftOut() throws IOException {
        NodeInfo info = NodeInfo.create("n1", clock, NodeStats.NONE);
        assertThat(json(info)).endsWith("\"num_clients\":0,\"num_users\":0,\"num_channels\":0}]}")
                .doesNotContain("uptime");
    }

    @Test
    void uidIsARandomUuidPerNode() {
        NodeInfo a = NodeInfo.create("n", clock, NodeStats.NONE);
        NodeInfo b = NodeInfo.create("n", clock, NodeStats.NONE);
        assertThat(UUID.fromString(a.uid()).toString()).isEqualTo(a.uid());
        assertThat(a.uid()).isNotEqualTo(b.uid());
    }

    @Test
    void emptyNameMeansTheHostName() {
        assertThat(NodeInfo.create("", clock, NodeStats.NONE).name()).isNotBlank();
    }

    @Test
    void uptimeNeverGoesNegativeWhenTheClockStepsBack() {
        NodeInfo info = NodeInfo.create("n", clock, NodeStats.NONE);
        clock.advance(Duration.ofSeconds(-30));
        assertThat(info.current().uptime()).isZero();
    }

    @Test
    void infoMethodTakesNoParamsAndAnswersThisNode() {
        NodeInfo info = NodeInfo.create("n", clock, NodeStats.NONE);
        NodeInfo.Result r = info.method().invoke(null).toCompletableFuture().join();
        assertThat(r.nodes()).extracting(NodeInfo.Node::uid).containsExactly(info.uid());
    }
}
