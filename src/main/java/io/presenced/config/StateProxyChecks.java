package io.presenced.config;

import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Start-up checks of the state proxy's static headers and signing secret, so that a setting the delivery could
 * never use is refused at start-up, naming its key, instead of failing every delivery attempt. Messages never
 * show a header value or the secret.
 */
final class StateProxyChecks {

    // The JDK client refuses these (unless a system property relaxes it); presenced never lets them through.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    // Set by presenced on every request: a static copy would be sent twice or contradict the signature.
    private static final Set<String> OWN = Set.of("content-type", "transfer-encoding", "webhook-id",
            "webhook-timestamp", "webhook-signature");
    private static final Pattern GRPC_KEY = Pattern.compile("[0-9a-z_.-]+");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");
    private static final String WHSEC = "whsec_";

    private StateProxyChecks() {
    }

    /** Reports every header of {@code headers} (read at {@code path}) that the endpoint's client cannot send. */
    static void headers(ConfigReader r, String path, Map<String, String> headers, String endpoint) {
        boolean grpc = endpoint.startsWith("grpc://");
        headers.forEach((name, value) -> {
            String problem = grpc ? grpcProblem(name, value) : httpProblem(name, value);
            if (problem != null) {
                r.problem(path + "." + name, problem);
            }
        });
    }

    private static String httpProblem(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESTRICTED.contains(lower)) {
            return "restricted header (expected: a header the HTTP client may set; "
                    + String.join(", ", RESTRICTED.stream().sorted().toList()) + " are set by the client itself)";
        }
        if (OWN.contains(lower)) {
            return "set by presenced on every request (expected: another header)";
        }
        try {
            HttpRequest.newBuilder().header(name, value);
            return null;
        } catch (IllegalArgumentException e) {
            return "not a valid HTTP header (expected: a token name, and a value without control characters)";
        }
    }

    private static String grpcProblem(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!GRPC_KEY.matcher(lower).matches() || lower.endsWith("-bin") || lower.startsWith("grpc-")) {
            return "not a valid gRPC metadata key (expected: 0-9 a-z _ - . only, not ending in -bin,"
                    + " not starting with grpc-)";
        }
        if (!PRINTABLE_ASCII.matcher(value).matches()) {
            return "value is not printable ASCII (expected: characters 0x20 to 0x7e)";
        }
        return null;
    }

    /** Reports a {@code whsec_} secret (read at {@code path}) that is not the base64 of a non-empty key. */
    static void secret(ConfigReader r, String path, String secret) {
        if (!secret.startsWith(WHSEC)) {
            return;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(WHSEC.length()));
        } catch (IllegalArgumentException e) {
            r.problem(path, "\"whsec_***\" is not base64 (expected: whsec_ followed by the base64 of the key)");
            return;
        }
        if (key.length == 0) {
            r.problem(path, "\"whsec_\" has an empty key (expected: whsec_ followed by the base64 of the key)");
        }
    }
}
