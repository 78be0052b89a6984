/**
 * The server API independent of transport: methods by name, their request decoding, validation and error codes. HTTP and gRPC both call it.
 */
package io.presenced.api;
