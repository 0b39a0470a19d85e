package org.tierra.http;

import java.io.Serial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client-visible failure, rendered as an RFC 9457 {@code application/problem+json} body.
 *
 * <p>{@code type} is a stable slug clients can switch on (rendered as {@code urn:tierra:problem:<type>});
 * {@code detail} tells the user what to fix; {@code fields} carries whatever helps to fix it (the
 * offending parameter, the overlapping parcel's code, the location of a self-intersection).
 */
public final class ApiProblem extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, Object> fields;

    public ApiProblem(int status, String type, String title, String detail, Map<String, Object> fields) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A query or path parameter the client must correct; {@code parameter} names it. */
    public static ApiProblem invalidParameter(String parameter, String detail) {
        return new ApiProblem(400, "invalid-parameter", "Invalid parameter", detail, Map.of("parameter", parameter));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
