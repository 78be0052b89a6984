package io.presenced.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Request bodies of every server API method as JSON text. Each field is left out, well typed (often with an odd
 * value), or of a wrong type; an unknown field is sometimes added and a known one sometimes repeated.
 */
final class ApiBodies {

    /** Every method the node registers, without {@code rpc} and {@code batch}. */
    static final List<String> METHODS = List.of("info", "update_user_status", "get_user_status",
            "delete_user_status", "presence", "presence_stats", "channels", "presence_join", "presence_leave",
            "presence_refresh", "presence_disconnect");

    /** Names {@code rpc} accepts, and some it does not. */
    static final List<String> RPC_NAMES = List.of("updateActiveStatus", "getUserStatus", "deleteUserStatus",
            "getuserstatus", "get_user_status", "info", "batch", "rpc", "", "\u0000");

    private ApiBodies() {
    }

    /** The params object of {@code method}, fuzzed. */
    static Arbitrary<String> params(String method) {
        Arbitrary<String> ids = FuzzInputs.listOf(FuzzInputs.oddStrings().map(FuzzInputs::quote));
        Arbitrary<String> shortIds = FuzzInputs.listOf(FuzzInputs.shortOddStrings().map(FuzzInputs::quote));
        Arbitrary<String> id = FuzzInputs.oddStrings().map(FuzzInputs::quote);
        Arbitrary<String> channel = FuzzInputs.channels().map(FuzzInputs::quote);
        Arbitrary<String> info = FuzzInputs.jsonValues();
        switch (method) {
            case "update_user_status":
                return object(Map.of("users", ids, "state", id));
            case "get_user_status":
            case "delete_user_status":
                return object(Map.of("users", ids));
            case "presence":
            case "presence_stats":
                return object(Map.of("channel", channel));
            case "channels":
                return object(Map.of("pattern", FuzzInputs.patterns().map(FuzzInputs::quote)));
            case "presence_join": {
                Map<String, Arbitrary<String>> entry = Map.of("channel", channel, "client", id, "user", id,
                        "conn_info", info, "chan_info", info);
                Map<String, Arbitrary<String>> top = new java.util.HashMap<>(entry);
                top.put("entries", FuzzInputs.listOf(object(Map.of("channel", channel, "client", id, "user", id,
                        "chan_info", FuzzInputs.shortOddStrings().map(FuzzInputs::quote)))));
                return object(top);
            }
            case "presence_leave": {
                Map<String, Arbitrary<String>> entry = Map.of("channel", channel, "client", id);
                return object(Map.of("channel", channel, "client", id, "entries", FuzzInputs.listOf(object(entry))));
            }
            case "presence_refresh":
            case "presence_disconnect":
                return object(Map.of("client", id, "clients", shortIds));
            default:
                return object(Map.of());
        }
    }

    /** A body for {@code rpc}: a method name and the params of a user-status method. */
    static Arbitrary<String> rpc() {
        return object(Map.of("method", Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.of(RPC_NAMES).map(FuzzInputs::quote)),
                        Tuple.of(1, FuzzInputs.jsonValues())),
                "params", Arbitraries.oneOf(params("update_user_status"), params("get_user_status"),
                        FuzzInputs.jsonValues())));
    }

    /** A body for {@code batch}: commands of any method (some empty, some naming two), sequential or parallel. */
    static Arbitrary<String> batch() {
        Arbitrary<String> command = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(METHODS).flatMap(m -> params(m).map(p -> "{\"" + m + "\":" + p + "}"))),
                Tuple.of(1, rpc().map(p -> "{\"rpc\":" + p + "}")),
                Tuple.of(1, Arbitraries.of("{}", "{\"info\":{},\"info\":{}}", "{\"info\":{},\"presence\":{}}",
                        "{\"batch\":{\"commands\":[]}}", "{\"nope\":{}}", "[]", "null", "1")),
                Tuple.of(1, FuzzInputs.jsonValues()));
        Arbitrary<String> commands = Arbitraries.frequencyOf(
                Tuple.of(8, command.list().ofMaxSize(6).map(FuzzInputs::jsonList)),
                Tuple.of(1, Arbitraries.of(1000, 1001).map(n -> FuzzInputs.jsonList(
                        java.util.Collections.nCopies(n, "{\"info\":{}}")))),
                Tuple.of(1, FuzzInputs.jsonValues()));
        return object(Map.of("commands", commands, "parallel", Arbitraries.oneOf(
                Arbitraries.of("true", "false"), FuzzInputs.jsonValues())));
    }

    /**
     * A legacy {@code /api} body: one or several commands {@code {"id","method","params"}}, one per line (with
     * {@code \n} or {@code \r\n}, blank lines, and sometimes a line that is not a command).
     */
    static Arbitrary<String> legacy() {
        Arbitrary<String> methodName = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(METHODS).map(FuzzInputs::quote)),
                Tuple.of(1, Arbitraries.of("\"rpc\"", "\"batch\"", "\"GET_USER_STATUS\"", "\"nope\"", "16", "15",
                        "17", "4", "5", "8", "9", "10", "0", "-1", "99999999999", "1.5")),
                Tuple.of(1, FuzzInputs.jsonValues()));
        Arbitrary<String> command = methodName.flatMap(m -> {
            String name = m.startsWith("\"") ? m.substring(1, m.length() - 1).toLowerCase(java.util.Locale.ROOT) : m;
            Arbitrary<String> p = METHODS.contains(name) ? params(name)
                    : "rpc".equals(name) || "10".equals(name) ? rpc() : FuzzInputs.jsonValues();
            return object(Map.of("id", Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                    FuzzInputs.jsonValues()), "method", Arbitraries.just(m), "params", p));
        });
        Arbitrary<String> line = Arbitraries.frequencyOf(Tuple.of(10, command),
                Tuple.of(1, Arbitraries.of("", " ", "{", "}", "null", "[]", "garbage")));
        return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of("\n", "\r\n", "\n\n"))
                .as((lines, sep) -> String.join(sep, lines));
    }

    /**
     * An object with each of {@code fields} absent (1 in 8), well typed (5 in 8) or of any JSON type (2 in 8),
     * sometimes with an unknown field added or a known one given twice.
     */
    static Arbitrary<String> object(Map<String, Arbitrary<String>> fields) {
        List<Arbitrary<String>> members = new ArrayList<>();
        for (Map.Entry<String, Arbitrary<String>> f : new java.util.TreeMap<>(fields).entrySet()) {
            String name = FuzzInputs.quote(f.getKey()) + ":";
            members.add(Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just("")),
                    Tuple.of(5, f.getValue().map(v -> name + v)),
                    Tuple.of(2, FuzzInputs.jsonValues().map(v -> name + v))));
        }
        members.add(Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(FuzzInputs.oddStrings(), FuzzInputs.jsonValues())
                        .as((k, v) -> FuzzInputs.quote(k) + ":" + v)),
                Tuple.of(1, fields.isEmpty() ? Arbitraries.just("")
                        : Combinators.combine(Arbitraries.of(fields.keySet()), FuzzInputs.jsonValues())
                        .as((k, v) -> FuzzInputs.quote(k) + ":" + v))));
        return Combinators.combine(members).as(FuzzInputs::object);
    }
}
