/**
 * The Netty HTTP transport of the server API: the modern /api/<method> routes, the legacy /api stream, API-key auth and error modes.
 */
package io.presenced.api.http;
