/**
 * The immutable configuration of a node, loaded from one JSON file plus PRESENCED_* environment overrides, validated once at start-up.
 */
package io.presenced.config;
