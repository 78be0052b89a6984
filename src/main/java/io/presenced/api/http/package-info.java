/**
 * The Netty HTTP transport of the server API: the modern {@code /api/<method>} routes, the legacy {@code /api}
 * stream, API-key auth and error modes.
 *
 * <p>{@code HttpErrors} is the one error mapper of this transport: every error status and error body it sends is
 * chosen there, as {@code GrpcErrors} does for gRPC. The codes themselves ({@code io.presenced.api.ApiError}) stay
 * transport-neutral; a later WebSocket transport gets its own mapper the same way, beside its own code.
 */
package io.presenced.api.http;
