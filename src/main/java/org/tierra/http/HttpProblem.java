package org.tierra.http;

import org.tierra.core.ProblemType;

/** The refusals of HTTP itself: what cannot be read as a request, and the server's own failures. */
public enum HttpProblem implements ProblemType {
    DATABASE_UNAVAILABLE(503, "database-unavailable", "Database unavailable"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    QUERY_TOO_LONG(503, "query-too-long", "Query took too long"),
    REQUEST_TOO_LARGE(413, "request-too-large", "Request too large"),
    UNSUPPORTED_CHARSET(415, "unsupported-charset", "Unsupported charset"),
    URI_TOO_LONG(414, "uri-too-long", "URI too long");

    private final Definition definition;

    HttpProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** A status Jetty or Javalin answered that Tierra gives no code of its own: {@code http-<status>}. */
    record OtherStatus(Definition definition) implements ProblemType {
        static OtherStatus of(int status, String title) {
            String named = title == null || title.isBlank() ? "HTTP " + status : title;
            return new OtherStatus(new Definition(status, "http-" + status, named));
        }
    }
}
