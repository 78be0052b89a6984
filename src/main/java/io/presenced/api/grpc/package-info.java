/**
 * The server API over gRPC: Centrifugo's {@code centrifugal.centrifugo.api.CentrifugoApi} service for the methods
 * presenced serves, plus presenced's own {@code presenced.api.PresenceApi}. Every RPC maps its protobuf request to
 * the same typed request the HTTP API builds from JSON and runs it through {@link io.presenced.api.ServerApi}, so
 * validation, limits and error codes cannot differ between transports. This package only translates: protobuf to
 * request records, results to protobuf, API errors to the response's {@code error} field or, in transport error
 * mode, to a gRPC status.
 */
package io.presenced.api.grpc;
