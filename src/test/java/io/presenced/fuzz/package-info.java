/**
 * The fuzz campaign: property-based tests (jqwik) that send random and malformed requests to a real node over
 * every HTTP route, every gRPC method and raw sockets, on the memory engine and on a standalone Redis.
 *
 * <p>The property every request must keep: an answer comes within {@link io.presenced.fuzz.FuzzTarget#CALL_TIMEOUT}
 * (no hang), it is not a server error (no HTTP 5xx, no gRPC {@code INTERNAL}/{@code UNKNOWN}/..., no error code
 * 100, since the store never fails during the campaign), and a correct call succeeds on the same node afterwards.
 * The number of tries per property is {@code jqwik.tries.default} (see {@code junit-platform.properties}); each
 * class prints a summary line with the cases it ran.
 */
package io.presenced.fuzz;
