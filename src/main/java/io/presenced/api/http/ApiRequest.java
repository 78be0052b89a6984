package io.presenced.api.http;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A whole request, admitted on its head, passed from {@link HttpRequestReader} to {@link HttpApiHandler}. The
 * receiver releases {@code request}.
 *
 * @param request    the request with its body
 * @param path       the decoded path, without the query
 * @param authorized whether the request carries the API key
 * @param keepAlive  whether the connection stays open after the response
 */
record ApiRequest(FullHttpRequest request, String path, boolean authorized, boolean keepAlive) {
}
