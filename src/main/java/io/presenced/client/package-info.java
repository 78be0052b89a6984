/**
 * Client connections: sessions that speak Centrifugo's client protocol (v2) and feed the one presence model
 * ({@link io.presenced.presence.PresenceService}) exactly as backend calls do. {@link io.presenced.client.ClientHub}
 * holds the node's sessions, refreshes their presence in bulk and delivers join and leave pushes;
 * {@link io.presenced.client.ClientSession} is one connection's protocol state, confined to its event loop; its
 * user-status RPC calls run through the server API as the client's own user ({@code StatusRpc}). The
 * transport (WebSocket) lives in {@code client.ws}, the encodings in {@code client.protocol}.
 */
package io.presenced.client;
