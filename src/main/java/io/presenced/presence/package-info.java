/**
 * Channel presence, the model every source of connections feeds: {@code PresenceService} (join, leave, refresh,
 * disconnect, reads, sweep), the {@code PresenceStore} role and the records it speaks in, channel rules
 * ({@code Namespaces}, refusals as {@code ChannelException}), partitioning and the occupancy state policy. The
 * mechanisms live below it: {@code presence.memory} and {@code presence.redis}. Nothing here knows a transport.
 */
package io.presenced.presence;
