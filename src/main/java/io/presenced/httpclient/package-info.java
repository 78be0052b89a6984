/**
 * Helpers for the node's own outgoing HTTP requests made with {@link java.net.http.HttpClient}: the webhook
 * deliveries of {@code delivery} and the JWK set fetches of {@code client.auth}. Nothing here knows the domain,
 * the API or Redis.
 */
package io.presenced.httpclient;
