package org.tierra.core;

import java.io.Serial;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal the client can act on: its {@link ProblemType}, a detail that says what to fix, and the
 * fields that help fix it (the offending field or parameter, the overlapping parcel's code, the location
 * of a self-intersection). Domain code throws it; the HTTP layer renders it, in one place, as RFC 9457
 * {@code application/problem+json}.
 */
public final class Problem extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ProblemType type;
    private final transient Map<String, Object> fields;

    public Problem(ProblemType type, String detail, Map<String, Object> fields) {
        super(detail);
        this.type = type;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Problem(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    /** A body field the client must correct (422); {@code field} names it, dotted for nested fields. */
    public static Problem invalidField(String field, String detail) {
        return new Problem(CommonProblem.INVALID_FIELD, detail, Map.of("field", field));
    }

    /** A query, path or header parameter the client must correct (400); {@code parameter} names it. */
    public static Problem invalidParameter(String parameter, String detail) {
        return new Problem(CommonProblem.INVALID_PARAMETER, detail, Map.of("parameter", parameter));
    }

    /** Nothing the caller may see is there (404): also said for what exists but is not theirs to know. */
    public static Problem notFound(String detail) {
        return new Problem(CommonProblem.NOT_FOUND, detail);
    }

    /** The caller is known but may not do this (403). */
    public static Problem forbidden(String detail) {
        return new Problem(CommonProblem.FORBIDDEN, detail);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
