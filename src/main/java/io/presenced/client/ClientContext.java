package io.presenced.client;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

import io.presenced.api.PresenceValidation;
import io.presenced.api.ServerApi;
import io.presenced.client.auth.TokenVerifier;
import io.presenced.config.ClientConfig;
import io.presenced.config.UserStatusConfig;
import io.presenced.presence.Namespaces;
import io.presenced.presence.PresenceService;
import io.presenced.status.UserStatusService;

/**
 * What every session of the node shares: settings, the domain services, the token verifier and the hub.
 *
 * @param config       client settings
 * @param channelLimit most channels one client may be in ({@code client.channel_limit})
 * @param infos        checks the {@code chan_info} a client sets with {@code presence_update}, as the server API
 *                     checks a backend's
 * @param presence     the one presence model
 * @param namespaces   channel rules and namespace options
 * @param userStatus   the user-status feature, {@code null} when it is off
 * @param api          the server API, which client RPC calls run through
 * @param verifier     checks connection and subscription tokens
 * @param hub          the node's sessions; it also turns the presence model's joins and leaves into pushes
 * @param clock        source of expiry times
 * @param watch        watching users' status, {@code null} when it is off
 */
public record ClientContext(ClientConfig config, int channelLimit, PresenceValidation infos,
                            PresenceService presence, Namespaces namespaces, UserStatusService userStatus,
                            ServerApi api, TokenVerifier verifier, ClientHub hub, Clock clock,
                            UserStatusConfig.Watch watch) {

    public ClientContext {
        requireNonNull(config, "config");
        requireNonNull(presence, "presence");
        requireNonNull(namespaces, "namespaces");
        requireNonNull(infos, "infos");
        requireNonNull(api, "api");
        requireNonNull(verifier, "verifier");
        requireNonNull(hub, "hub");
        requireNonNull(clock, "clock");
    }

    /** Returns a new session of this node speaking over {@code transport}; call {@link ClientSession#start()}. */
    public ClientSession open(ClientTransport transport) {
        return new ClientSession(this, transport);
    }
}
