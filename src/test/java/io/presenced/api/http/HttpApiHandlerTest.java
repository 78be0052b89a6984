package io.presenced.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.presenced.api.ServerApi;
import io.presenced.api.Validation;
import io.presenced.config.HttpConfig;
import io.presenced.config.LimitsConfig;

/**
 * {@link HttpApiHandler}'s pipelining on an embedded channel: responses leave in request order whatever order they
 * complete in, and reading pauses while 16 responses are outstanding. A route whose answers the test completes by
 * hand stands in for slow work.
 */
class HttpApiHandlerTest {

    // HttpApiHandler's limit of outstanding responses before reading pauses.
    private static final int MAX_PIPELINED = 16;
    private static final String SLOW = "/slow";

    private final List<CompletableFuture<FullHttpResponse>> answers = new ArrayList<>();
    private final List<FullHttpRequest> requests = new ArrayList<>();
    private final InFlight inFlight = new InFlight();
    private final EmbeddedChannel channel = channel();

    @AfterEach
    void everyBufferIsReleased() {
        boolean messagesLeft = channel.finish();
        channel.releaseOutbound();
        assertThat(messagesLeft).as("messages left in the channel").isFalse();
        assertThat(requests).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }

    @Test
    void responsesLeaveInRequestOrderWhenTheyCompleteOutOfOrder() {
        send(3);

        answer(2);
        answer(1);
        assertThat((Object) channel.readOutbound()).as("written before the first answer").isNull();
        assertThat(inFlight.count()).isEqualTo(3);

        answer(0);
        assertThat(readBodies()).containsExactly("0", "1", "2");
        assertThat(inFlight.count()).isZero();
    }

    @Test
    void anEarlyResponseWaitsBehindTheRequestBeforeIt() {
        send(1);
        FullHttpResponse early = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
                Unpooled.copiedBuffer("early", StandardCharsets.UTF_8));
        channel.writeInbound(new EarlyResponse(early, HttpVersion.HTTP_1_1, true));
        assertThat((Object) channel.readOutbound()).isNull();

        answer(0);
        assertThat(readBodies()).containsExactly("0", "early");
    }

    @Test
    void readingPausesAtSixteenOutstandingResponsesAndResumesWhenTheyDrain() {
        send(MAX_PIPELINED - 1);
        assertThat(channel.config().isAutoRead()).as("reading with 15 outstanding").isTrue();
        send(1);
        assertThat(channel.config().isAutoRead()).as("reading with 16 outstanding").isFalse();

        // An answer behind an unanswered request frees nothing: it cannot be written yet.
        answer(MAX_PIPELINED - 1);
        assertThat(channel.config().isAutoRead()).isFalse();

        answer(0);
        assertThat(readBodies()).containsExactly("0");
        assertThat(channel.config().isAutoRead()).as("reading with 15 outstanding again").isTrue();

        send(1);
        assertThat(channel.config().isAutoRead()).as("reading with 16 outstanding again").isFalse();

        for (int i = 1; i < answers.size(); i++) {
            if (!answers.get(i).isDone()) {
                answer(i);
            }
        }
        List<String> rest = new ArrayList<>();
        for (int i = 1; i <= MAX_PIPELINED; i++) {
            rest.add(String.valueOf(i));
        }
        assertThat(readBodies()).containsExactlyElementsOf(rest);
        assertThat(channel.config().isAutoRead()).as("reading with every response written").isTrue();
        assertThat(inFlight.count()).isZero();
    }

    private EmbeddedChannel channel() {
        HttpConfig.Connections limits = HttpConfig.Connections.defaults();
        HttpConfig config = new HttpConfig("", 0, "key", false, HttpConfig.DEFAULT_API_PREFIX, "",
                HttpConfig.DEFAULT_MAX_BODY_SIZE, limits);
        ApiHttpService api = new ApiHttpService(ServerApi.builder(new Validation(LimitsConfig.defaults())).build(),
                config);
        HttpRoute slow = (request, authorized, alloc) -> {
            CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        };
        HttpTimeoutHandler timeouts = new HttpTimeoutHandler(limits, new HttpConnections(limits.maxConnections()));
        return new EmbeddedChannel(timeouts,
                new HttpApiHandler(new HttpPaths(api, Map.of(SLOW, slow), Map.of()), inFlight, limits, timeouts));
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, SLOW);
            requests.add(request);
            channel.writeInbound(new ApiRequest(request, SLOW, true, true));
        }
    }

    // Completes the answer of request {@code index} with its index as the body.
    private void answer(int index) {
        answers.get(index).complete(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(String.valueOf(index), StandardCharsets.UTF_8)));
        channel.runPendingTasks();
    }

    // Reads and releases every response written so far, returning their bodies in the order they were written.
    private List<String> readBodies() {
        List<String> bodies = new ArrayList<>();
        FullHttpResponse response;
        while ((response = channel.readOutbound()) != null) {
            try {
                bodies.add(response.content().toString(StandardCharsets.UTF_8));
            } finally {
                response.release();
            }
        }
        return bodies;
    }
}
