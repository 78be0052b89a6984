/**
 * Delivery of channel-state events to the backend: HTTP webhooks (optionally signed in the Standard Webhooks
 * scheme) and the gRPC {@code NotifyChannelState} call of Centrifugo's proxy protocol.
 */
package io.presenced.delivery;
