/**
 * The WebSocket transport of client connections: the upgrade on the HTTP port ({@code websocket.handler_prefix}),
 * origin checks, frame limits and the per-connection write buffer limit; each connection carries one
 * {@link io.presenced.client.ClientSession}.
 */
package io.presenced.client.ws;
