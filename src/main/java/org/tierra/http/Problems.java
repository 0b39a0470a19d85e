package org.tierra.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tierra.core.Problem;

/** Writes {@link Problem}s as RFC 9457 {@code application/problem+json}. */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:tierra:problem:";

    private Problems() {}

    static void render(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.json(body(problem, ctx.path(), HttpServer.requestId(ctx)));
        ctx.contentType(CONTENT_TYPE);
    }

    /**
     * The members of the problem document, in the order clients read them.
     *
     * @param instance the request path the problem is about; {@code null} when it cannot be told
     */
    static Map<String, Object> body(Problem problem, String instance, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + problem.type().code());
        body.put("title", problem.type().title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (instance != null) {
            body.put("instance", instance);
        }
        problem.fields().forEach(body::putIfAbsent);
        body.put("requestId", requestId);
        return body;
    }

    static boolean isProblem(Context ctx) {
        String contentType = ctx.res().getContentType();
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }
}
