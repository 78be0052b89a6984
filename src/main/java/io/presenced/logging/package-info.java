/**
 * Logging helpers shared by every part: {@link io.presenced.logging.RateLimitedLog} for any line that a client,
 * a receiver or an outage can cause repeatedly. No logging configuration lives here (that is logback's file and
 * {@code log_level}).
 */
package io.presenced.logging;
