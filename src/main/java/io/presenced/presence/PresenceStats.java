package io.presenced.presence;

/**
 * Counts of a channel's presence.
 *
 * @param numClients clients present
 * @param numUsers   distinct users among them; anonymous clients count as one user
 */
public record PresenceStats(int numClients, int numUsers) {
}
