/**
 * Client authentication: the {@link io.presenced.client.auth.TokenVerifier} role for connection and subscription
 * JWTs, and what a valid token says. Nothing here knows about WebSocket or the client protocol; no network call
 * happens on a caller's thread.
 */
package io.presenced.client.auth;
