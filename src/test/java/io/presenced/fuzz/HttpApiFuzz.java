package io.presenced.fuzz;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import io.presenced.testing.Engines.Engine;

/**
 * Fuzzes every HTTP API route with an ordinary HTTP client: {@code /api/<method>} for every method the node
 * registers, {@code /api/rpc}, {@code /api/batch}, the legacy {@code /api} with one or several commands, and the
 * probe routes. After each call a correct call must succeed. Subclasses choose the engine.
 */
abstract class HttpApiFuzz extends FuzzSuite {

    private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "HEAD", "TRACE", "PROPFIND", "X");

    /** Runs the properties against a node on {@code engine}, one node per class and engine. */
    HttpApiFuzz(Engine engine) {
        super("http-api", engine);
    }

    @Property
    void userStatusCallsNeverFailTheServer(@ForAll("userStatusCalls") HttpCall call) {
        check("userStatusCalls", call);
    }

    @Property
    void presenceReadsNeverFailTheServer(@ForAll("presenceReads") HttpCall call) {
        check("presenceReads", call);
    }

    @Property
    void channelsPatternsNeverFailTheServer(@ForAll("channelsCalls") HttpCall call) {
        check("channelsCalls", call);
    }

    @Property
    void presenceManagementCallsNeverFailTheServer(@ForAll("presenceManagement") HttpCall call) {
        check("presenceManagement", call);
    }

    @Property
    void rpcBatchAndInfoCallsNeverFailTheServer(@ForAll("rpcBatchInfo") HttpCall call) {
        check("rpcBatchInfo", call);
    }

    @Property
    void legacyBodiesWithOneOrSeveralCommandsNeverFailTheServer(@ForAll("legacyCalls") HttpCall call) {
        check("legacyCalls", call);
    }

    @Property
    void anyBodyOnAnyRouteWithAnyMethodNeverFailsTheServer(@ForAll("anyMethod") String method,
                                                            @ForAll("anyPath") String path,
                                                            @ForAll("anyBody") Body body) {
        judge("anyRoute", () -> assertNoServerError(target().http().send(method, path, body.bytes(),
                FuzzHttp.authorized())));
    }

    /**
     * Two different user ids never share a record: updating one leaves the other without that state. (Ids the
     * node refuses store nothing, which also keeps this.)
     */
    @Property
    void distinctUserIdsNeverShareARecord(@ForAll("confusableIds") String a, @ForAll("confusableIds") String b) {
        Assume.that(!a.equals(b));
        target().beginTry();
        String users = "{\"users\":[" + FuzzInputs.quote(a) + "," + FuzzInputs.quote(b) + "]}";
        FuzzHttp http = target().http();
        Verdict.assertNoServerError(target(), http.post("/api/delete_user_status", users, FuzzHttp.authorized()));
        String state = "mark-" + System.nanoTime();
        FuzzHttp.Answer update = http.post("/api/update_user_status", "{\"users\":[" + FuzzInputs.quote(a)
                + "],\"state\":\"" + state + "\"}", FuzzHttp.authorized());
        Verdict.assertNoServerError(target(), update);
        FuzzHttp.Answer get = http.post("/api/get_user_status", "{\"users\":[" + FuzzInputs.quote(b) + "]}",
                FuzzHttp.authorized());
        Verdict.assertNoServerError(target(), get);
        JsonNode other = get.json().path("result").path("statuses").path(0);
        if (state.equals(other.path("state").asText())) {
            throw new AssertionError("user " + FuzzInputs.abbreviate(b) + " reads the record written for user "
                    + FuzzInputs.abbreviate(a) + ": " + get);
        }
        target().endTry();
        target().counted("distinctIds");
    }

    private void check(String property, HttpCall call) {
        judge(property, () -> assertNoServerError(target().http().send("POST", call.path(), call.body().bytes(),
                call.headers())));
    }

    private void assertNoServerError(FuzzHttp.Answer a) {
        Statistics.label("status").collect(a.status());
        Verdict.assertNoServerError(target(), a);
    }

    @Provide
    Arbitrary<HttpCall> userStatusCalls() {
        return routes("update_user_status", "get_user_status", "delete_user_status");
    }

    @Provide
    Arbitrary<HttpCall> presenceReads() {
        return routes("presence", "presence_stats");
    }

    @Provide
    Arbitrary<HttpCall> channelsCalls() {
        return routes("channels");
    }

    @Provide
    Arbitrary<HttpCall> presenceManagement() {
        return routes("presence_join", "presence_leave", "presence_refresh", "presence_disconnect");
    }

    @Provide
    Arbitrary<HttpCall> rpcBatchInfo() {
        return Arbitraries.oneOf(HttpCall.to("/api/rpc", ApiBodies.rpc()),
                HttpCall.to("/api/batch", ApiBodies.batch()),
                HttpCall.to("/api/info", ApiBodies.params("info")));
    }

    @Provide
    Arbitrary<HttpCall> legacyCalls() {
        return HttpCall.to("/api", ApiBodies.legacy());
    }

    @Provide
    Arbitrary<String> anyMethod() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("POST")),
                Tuple.of(3, Arbitraries.of(HTTP_METHODS)));
    }

    @Provide
    Arbitrary<String> anyPath() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(ApiBodies.METHODS), Arbitraries.of("rpc", "batch",
                "", "INFO", "nope", "info/", "info/x", "..", "%2e%2e", "%41", "info%00", "info;x", "info?x=1",
                "info#f", "info?api_key=&api_key=x"));
        return Arbitraries.frequencyOf(
                Tuple.of(6, names.map(n -> "/api/" + n)),
                Tuple.of(2, Arbitraries.of("/api", "/health", "/ready", "/metrics", "/", "/api/", "//api/info",
                        "/health?x=1", "/metrics/", "/nope", "/api/../health", "/%61pi/info")));
    }

    @Provide
    Arbitrary<Body> anyBody() {
        return Body.of(Arbitraries.oneOf(FuzzInputs.jsonValues(),
                Arbitraries.of(ApiBodies.METHODS).flatMap(ApiBodies::params), ApiBodies.batch(), ApiBodies.legacy()));
    }

    @Provide
    Arbitrary<String> confusableIds() {
        return Arbitraries.of("\ud800", "\udbff", "\udc00", "\udfff", "?", "\ufffd", "a", "\u0000", "\u00e9",
                "e\u0301", "\ud83d\ude00", "\ud83d", "\u202e").list().ofMinSize(1).ofMaxSize(2)
                .map(l -> String.join("", l));
    }

    private static Arbitrary<HttpCall> routes(String... methods) {
        return Arbitraries.of(methods).flatMap(m -> HttpCall.to("/api/" + m, ApiBodies.params(m)));
    }
}
