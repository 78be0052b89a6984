/**
 * The embedded engine's presence: {@code InMemoryPresenceStore} over {@code MemoryPartition}s, each under its own
 * lock, holding presence, the occupancy state machine and its event queue; {@code InMemoryStateOutbox} is how the
 * delivery engine reads those queues. One node only; nothing survives a restart.
 */
package io.presenced.presence.memory;
