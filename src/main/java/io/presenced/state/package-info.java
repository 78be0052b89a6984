/**
 * The channel-state engine: occupied and vacated events, their per-partition queues, partition ownership and
 * in-order, at-least-once delivery with retries.
 */
package io.presenced.state;
