/**
 * Prometheus metrics of a node, exported on {@code GET /metrics}.
 */
package io.presenced.metrics;
