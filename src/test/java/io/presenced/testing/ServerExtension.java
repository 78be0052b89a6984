package io.presenced.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} shared by every test of a class: started from a config JSON before the class's first test
 * and closed after its last. Register it on a static field with {@code @RegisterExtension}.
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final String json;
    private TestServer server;
    private ApiClient client;

    private ServerExtension(String json) {
        this.json = json;
    }

    /** Returns an extension whose node starts from {@code json}, as {@link TestServer#start(String)} takes it. */
    public static ServerExtension of(String json) {
        return new ServerExtension(json);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start(json);
        client = server.client();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** Returns the running node. */
    public TestServer server() {
        return server;
    }

    /** Returns an HTTP API client of the running node, with its API key. */
    public ApiClient client() {
        return client;
    }
}
