package org.tierra.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@link ApiProblem}s as RFC 9457 {@code application/problem+json}. */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:tierra:problem:";

    private Problems() {}

    static void render(Context ctx, ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", ctx.path());
        problem.fields().forEach(body::putIfAbsent);
        body.put("requestId", HttpServer.requestId(ctx));
        ctx.status(problem.status());
        ctx.json(body);
        ctx.contentType(CONTENT_TYPE);
    }

    static boolean isProblem(Context ctx) {
        String contentType = ctx.res().getContentType();
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }
}
