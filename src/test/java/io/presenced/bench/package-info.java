/**
 * The benchmark's load generator ({@code scripts/bench} runs it): the scenarios wrk cannot drive (gRPC, channel
 * state events with a webhook receiver, Redis-only limits through Lettuce), bulk data loading, and a summary of
 * JFR recordings. Every scenario is bounded in time and count and talks to 127.0.0.1 only.
 */
package io.presenced.bench;
