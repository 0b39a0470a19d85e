package org.tierra.core;

/** The refusals several features share. */
public enum CommonProblem implements ProblemType {
    CODE_TAKEN(409, "code-taken", "Code taken"),
    CONFLICT(409, "conflict", "Conflict"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    INVALID_FIELD(422, "invalid-field", "Invalid field"),
    INVALID_PARAMETER(400, "invalid-parameter", "Invalid parameter"),
    NOT_FOUND(404, "not-found", "Not found"),
    PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required"),
    STALE_VERSION(412, "stale-version", "Stale version"),
    UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type");

    private final Definition definition;

    CommonProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
