/**
 * The client protocol's two encodings over one model, the messages of {@code client.proto}: JSON (text frames,
 * commands separated by {@code \n}) and protobuf (binary frames of length-delimited messages).
 */
package io.presenced.client.protocol;
