package io.presenced.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script called by its SHA1 ({@code EVALSHA}), falling back to {@code EVAL} once when the node does not
 * know it yet (after a restart or failover), which also loads it.
 */
public final class RedisScript {

    private final String source;
    private final String sha;
    private final ScriptOutputType output;

    private RedisScript(String source, ScriptOutputType output) {
        this.source = source;
        this.sha = sha1(source);
        this.output = output;
    }

    /**
     * Returns a script, with a reply of type {@code output}, whose source is the class-path resources {@code resources} (such as
     * {@code lua/presence/join.lua}), read as UTF-8, each without its final line break, joined by line breaks: a
     * prelude of shared functions can come first. Meant for static initialisers, so that a script is read once.
     *
     * @throws IllegalStateException when a resource is missing (a jar packaged without its scripts)
     */
    public static RedisScript load(ScriptOutputType output, String... resources) {
        List<String> parts = new ArrayList<>(resources.length);
        for (String name : resources) {
            parts.add(read(name));
        }
        return new RedisScript(String.join("\n", parts), output);
    }

    private static String read(String name) {
        try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + name + " is missing from the class path"
                        + " (expected: packaged with presenced)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Lua script " + name, e);
        }
    }

    /** Returns the SHA1 of the source, by which Redis knows the script once it was loaded. */
    public String sha() {
        return sha;
    }

    /**
     * Runs the script on the node that {@code commands} reach. Issues {@code EVALSHA} before returning; the
     * fallback {@code EVAL}, when needed, is issued from the reply's callback.
     */
    public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> commands, String[] keys,
                                      String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        commands.<T>evalsha(sha, output, keys, args).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
            } else if (e instanceof RedisNoScriptException) {
                commands.<T>eval(source, output, keys, args).whenComplete((v2, e2) -> {
                    if (e2 == null) {
                        result.complete(v2);
                    } else {
                        result.completeExceptionally(e2);
                    }
                });
            } else {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String sha1(String source) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}
