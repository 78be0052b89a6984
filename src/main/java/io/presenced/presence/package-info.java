/**
 * Channel presence: which clients are in which channels until when, on the embedded engine and on Redis, with the
 * occupancy state machine that decides channel-state transitions in the same atomic step as the presence change.
 */
package io.presenced.presence;
