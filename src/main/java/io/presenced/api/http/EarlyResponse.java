package io.presenced.api.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A response decided from a request's head alone (400, 401, 405, 413, ...), passed from {@link HttpRequestReader}
 * to {@link HttpApiHandler} so that it leaves in request order. The receiver writes or releases {@code response}.
 *
 * @param response  the answer
 * @param version   the request's protocol version
 * @param keepAlive whether the connection stays open afterwards; {@code false} when input is still arriving
 */
record EarlyResponse(FullHttpResponse response, HttpVersion version, boolean keepAlive) {
}
