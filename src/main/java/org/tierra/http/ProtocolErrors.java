package org.tierra.http;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.tierra.core.Problem;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refusals Jetty makes before a request reaches Tierra's routes (a URI or headers over its limits,
 * a request line or path it cannot parse, such as {@code %00} or a lone surrogate), written as the
 * same {@code application/problem+json}, with the same security headers and a request id, instead of
 * Jetty's HTML page. What the request held is not echoed back: it could not be read safely.
 */
final class ProtocolErrors extends ErrorHandler {

    private final JsonMapper json;

    ProtocolErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException exception) {
            status = exception.getCode();
            response.setStatus(status);
            reason = reason == null ? exception.getReason() : reason;
        }
        String requestId = HttpServer.newRequestId();
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE + ";charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpServer.REQUEST_ID_HEADER, requestId);
        HttpServer.SECURITY_HEADERS.forEach(headers::put);
        if (HttpStatus.hasNoBody(status) || request.getMethod().equals("HEAD")) {
            callback.succeeded();
            return true;
        }
        byte[] body = json.writeValueAsBytes(Problems.body(problemFor(status, reason), null, requestId));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Problem problemFor(int status, String reason) {
        return switch (status) {
            case 400 ->
                new Problem(
                        HttpProblem.MALFORMED_REQUEST,
                        "The request cannot be read (" + (reason == null ? "bad request" : reason)
                                + "): the URL must be"
                                + " percent-encoded UTF-8 without %00, and the request line and headers plain HTTP/1.1.",
                        Map.of());
            case 413 ->
                new Problem(
                        HttpProblem.REQUEST_TOO_LARGE,
                        "The request body is larger than this server accepts.",
                        Map.of());
            case 414 ->
                new Problem(
                        HttpProblem.URI_TOO_LONG,
                        "The URL is longer than this server reads (8 KiB with its query). Ask for less (a shorter filter,"
                                + " fewer parameters), or download the selection as a file.",
                        Map.of());
            case 431 ->
                new Problem(
                        HttpProblem.HEADERS_TOO_LARGE,
                        "The request's headers are larger than this server reads (8 KiB in all): send fewer or shorter"
                                + " headers and cookies.",
                        Map.of());
            default ->
                new Problem(
                        HttpProblem.OtherStatus.of(status, HttpStatus.getMessage(status)),
                        reason == null ? HttpStatus.getMessage(status) : reason,
                        Map.of());
        };
    }
}
