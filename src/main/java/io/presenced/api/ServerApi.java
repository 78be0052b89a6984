package io.presenced.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.presenced.PresenceException;
import io.presenced.concurrent.Futures;
import io.presenced.logging.RateLimitedLog;
import io.presenced.presence.ChannelException;

/**
 * The server API, independent of transport: every method by name, plus {@code rpc} (calling a method by its
 * RPC alias such as {@code getUserStatus}) and {@code batch}. HTTP and gRPC both call it.
 *
 * <p>Thread-safe and immutable once built. Returned stages never complete exceptionally: a failure becomes
 * an error {@link ApiReply}, and an unexpected one is logged and reported as error 100.
 */
public final class ServerApi {

    /** The longest method name an error message echoes in full. */
    static final int MAX_ECHOED_NAME = 64;

    /** The name of the batch method, whose response has no {@code result} wrapper. */
    public static final String BATCH = "batch";
    /** The name of the RPC method. */
    public static final String RPC = "rpc";

    private static final Logger log = LoggerFactory.getLogger(ServerApi.class);

    private final Map<String, ApiMethod<?, ?>> methods;
    private final Map<String, String> rpcAliases;
    private final Validation validation;
    private final ApiObserver observer;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, java.time.Duration.ofSeconds(5));

    private ServerApi(Map<String, ApiMethod<?, ?>> methods, Map<String, String> rpcAliases, Validation validation,
                      ApiObserver observer) {
        this.observer = observer;
        this.methods = Collections.unmodifiableMap(new LinkedHashMap<>(methods));
        this.rpcAliases = Map.copyOf(rpcAliases);
        this.validation = validation;
    }

    /** Returns a builder with no methods. */
    public static Builder builder(Validation validation) {
        return new Builder(validation);
    }

    /** Returns the method called {@code name}, if presenced serves it. */
    public Optional<ApiMethod<?, ?>> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /**
     * Decodes {@code params} for method {@code name} and runs it. An unknown name gives error 104.
     */
    public CompletionStage<ApiReply> call(String name, JsonNode params) {
        if (RPC.equals(name)) {
            return guard(name, () -> rpc(JsonParams.of(params)));
        }
        ApiMethod<?, ?> method = methods.get(name);
        if (method == null) {
            return CompletableFuture.completedFuture(ApiReply.error(unknownMethod(name)));
        }
        return guard(name, () -> decodeAndRun(method, params));
    }

    /**
     * Runs method {@code name} with a request that the transport has already built, such as a
     * {@link UserStatusMethods.UpdateRequest} mapped from protobuf. An unknown name gives error 104. A request of
     * the wrong type is a programming error and is reported as error 100.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CompletionStage<ApiReply> invoke(String name, Object request) {
        ApiMethod method = methods.get(name);
        if (method == null) {
            return CompletableFuture.completedFuture(ApiReply.error(unknownMethod(name)));
        }
        return invoke(method, request);
    }

    /**
     * Returns {@code name} as an error message may echo it: cut after {@link #MAX_ECHOED_NAME} characters. An error
     * travels in places with their own limits (gRPC trailers in transport error mode), and a caller's input must not
     * make the answer itself fail.
     */
    static String shown(String name) {
        return name.length() <= MAX_ECHOED_NAME ? name
                : name.substring(0, MAX_ECHOED_NAME) + "…(" + name.length() + " characters)";
    }

    /** Returns the error 104 for a method presenced does not serve: {@code not found: unknown method "name"}. */
    public static ApiException unknownMethod(String name) {
        return ApiException.of(ApiError.NOT_FOUND, "unknown method \"" + shown(name) + "\"");
    }

    /** Returns the error 107 for a batch command that names no method; {@code where} is {@code commands[i]}. */
    public static ApiException emptyCommand(String where) {
        return ApiException.badField(where, "empty command (expected one method name as its key)");
    }

    /** Returns the error 107 for a batch command that names several methods; {@code where} is {@code commands[i]}. */
    public static ApiException ambiguousCommand(String where) {
        return ApiException.badField(where, "more than one method in one command");
    }

    /**
     * Runs a typed request of {@code method}, for transports that decode requests themselves.
     */
    public <Q, R> CompletionStage<ApiReply> invoke(ApiMethod<Q, R> method, Q request) {
        return guard(method.name(), () -> method.invoke(request)
                .thenApply(r -> ApiReply.ok(r, out -> method.writer().write(r, out))));
    }

    /** Throws a bad-request {@link ApiException} when {@code commands} exceeds the batch limit. */
    public void checkBatchSize(int commands) {
        validation.batchSize(commands);
    }

    /**
     * Runs the commands of a batch, each an object with one method name as its key, and returns one reply
     * per command in order. Sequential unless {@code parallel}.
     */
    public CompletionStage<List<NamedReply>> batch(List<JsonNode> commands, boolean parallel) {
        return batch(commands, parallel, this::batchCommand);
    }

    /**
     * Runs the commands of a batch in any encoding: checks the batch limit, then calls {@code run} with each
     * command and where it is ({@code commands[i]}), one after another, or all at once when {@code parallel}.
     * The replies keep the commands' order. The stage fails with a bad-request {@link ApiException} when the batch
     * is over the limit; {@code run} reports a command's failure in its reply, not by failing its stage.
     */
    public <C, T> CompletionStage<List<T>> batch(List<C> commands, boolean parallel,
                                                 BiFunction<C, String, CompletionStage<T>> run) {
        try {
            validation.batchSize(commands.size());
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<T>> replies = new ArrayList<>(commands.size());
        CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
        for (int i = 0; i < commands.size(); i++) {
            C command = commands.get(i);
            String where = "commands[" + i + "]";
            CompletableFuture<T> reply = parallel
                    ? run.apply(command, where).toCompletableFuture()
                    : previous.thenCompose(x -> run.apply(command, where)).toCompletableFuture();
            replies.add(reply);
            previous = reply;
        }
        return Futures.all(replies);
    }

    private CompletionStage<NamedReply> batchCommand(JsonNode command, String where) {
        Map.Entry<String, JsonNode> entry;
        try {
            entry = JsonParams.single(command, where);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(new NamedReply("", ApiReply.error(e)));
        }
        String name = entry.getKey();
        if (BATCH.equals(name)) {
            return CompletableFuture.completedFuture(new NamedReply(name,
                    ApiReply.error(ApiException.of(ApiError.NOT_FOUND, "batch cannot be nested"))));
        }
        return call(name, entry.getValue()).thenApply(r -> new NamedReply(name, r));
    }

    /**
     * Runs the method that RPC method {@code method} (such as {@code getUserStatus}) stands for, with JSON
     * {@code params} ({@code null} for none), and returns that method's own reply: the caller wraps a result in
     * {@code data}. An empty {@code method} gives error 107; one with no alias gives error 104.
     */
    public CompletionStage<ApiReply> rpc(String method, JsonNode params) {
        return guard(RPC, () -> {
            if (method.isEmpty()) {
                throw ApiException.badField("method", "must not be empty");
            }
            String target = rpcAliases.get(method);
            if (target == null) {
                throw ApiException.of(ApiError.NOT_FOUND, "unknown rpc method \"" + shown(method) + "\"");
            }
            return call(target, params);
        });
    }

    private CompletionStage<ApiReply> rpc(JsonParams p) {
        return rpc(p.string("method"), p.raw("params")).thenApply(inner -> inner.isError() ? inner
                : ApiReply.ok(inner.value(), out -> {
                    out.writeStartObject();
                    out.writeFieldName("data");
                    inner.result().writeTo(out);
                    out.writeEndObject();
                }));
    }

    private static <Q, R> CompletionStage<ApiReply> decodeAndRun(ApiMethod<Q, R> method, JsonNode params) {
        Q request = method.decoder().decode(JsonParams.of(params));
        return method.invoke(request).thenApply(r -> ApiReply.ok(r, out -> method.writer().write(r, out)));
    }

    private CompletionStage<ApiReply> guard(String name, Work work) {
        long start = System.nanoTime();
        CompletionStage<ApiReply> stage;
        try {
            stage = work.run();
        } catch (RuntimeException e) {
            stage = CompletableFuture.completedFuture(ApiReply.error(toApiException(name, e)));
        }
        return stage.exceptionally(e -> ApiReply.error(toApiException(name, e))).thenApply(reply -> {
            observer.observe(name, reply.isError() ? reply.error().error().code() : 0, System.nanoTime() - start);
            return reply;
        });
    }

    ApiException toApiException(String method, Throwable t) {
        Throwable cause = Futures.unwrap(t);
        if (cause instanceof ApiException) {
            ApiException api = (ApiException) cause;
            if (api.error() == ApiError.INTERNAL) {
                log.warn("[{}] {}", method, api.getMessage(), api.getCause());
            }
            return api;
        }
        if (cause instanceof ChannelException) {
            return channelError((ChannelException) cause);
        }
        if (cause instanceof PresenceException) {
            // A known failure of a dependency (Redis down, say): the message names it; the trace adds nothing.
            observer.failed(method, cause);
            failureLog.warn(method, cause.getMessage());
            return ApiException.internal(cause.getMessage(), cause);
        }
        log.error("[{}] unexpected failure", method, cause);
        return ApiException.internal(String.valueOf(cause.getMessage()), cause);
    }

    /** Maps a channel the namespaces refuse to its server-API error: 107, 102 or 108. */
    static ApiException channelError(ChannelException e) {
        ApiError error = switch (e.kind()) {
            case MALFORMED -> ApiError.BAD_REQUEST;
            case UNKNOWN_NAMESPACE -> ApiError.UNKNOWN_CHANNEL;
            case PRESENCE_DISABLED -> ApiError.NOT_AVAILABLE;
        };
        return ApiException.of(error, e.getMessage());
    }

    @FunctionalInterface
    private interface Work {
        CompletionStage<ApiReply> run();
    }

    /**
     * One batch reply with the method name it answers, for the {@code {"<name>": result}} form.
     *
     * @param method the method name, empty when the command itself was malformed
     * @param reply  the reply
     */
    public record NamedReply(String method, ApiReply reply) {
    }

    /** Collects methods and RPC aliases. */
    public static final class Builder {

        private final Map<String, ApiMethod<?, ?>> methods = new LinkedHashMap<>();
        private final Map<String, String> rpcAliases = new LinkedHashMap<>();
        private final Validation validation;
        private ApiObserver observer = ApiObserver.NONE;

        private Builder(Validation validation) {
            this.validation = requireNonNull(validation, "validation");
        }

        /** Adds a method, replacing none: a duplicate name is a programming error. */
        public Builder add(ApiMethod<?, ?> method) {
            if (methods.putIfAbsent(method.name(), method) != null) {
                throw new IllegalArgumentException("duplicate method: " + method.name());
            }
            return this;
        }

        /** Adds every method of a feature and its RPC aliases. */
        public Builder add(ApiMethodGroup group) {
            group.methods().forEach(this::add);
            group.rpcAliases().forEach(this::rpcAlias);
            return this;
        }

        /** Makes method {@code target} callable through {@code rpc} as {@code alias}. */
        public Builder rpcAlias(String alias, String target) {
            rpcAliases.put(alias, target);
            return this;
        }

        /** Sets who sees every answered call (metrics); by default nobody. */
        public Builder observer(ApiObserver observer) {
            this.observer = requireNonNull(observer, "observer");
            return this;
        }

        /** Returns the API. */
        public ServerApi build() {
            return new ServerApi(methods, rpcAliases, validation, observer);
        }
    }
}
