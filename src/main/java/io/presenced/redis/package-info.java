/**
 * Redis set-ups (standalone, shards, Sentinel, Cluster) behind one role that tells where a group of keys goes, plus script and hashing helpers.
 */
package io.presenced.redis;
