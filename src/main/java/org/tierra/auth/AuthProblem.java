package org.tierra.auth;

import org.tierra.core.ProblemType;

/** The refusals of the auth feature. */
public enum AuthProblem implements ProblemType {
    CSRF_TOKEN_INVALID(403, "csrf-token-invalid", "CSRF token invalid"),
    CSRF_TOKEN_MISSING(403, "csrf-token-missing", "CSRF token missing"),
    INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid credentials"),
    INVALID_TOKEN(401, "invalid-token", "Invalid token"),
    LAST_ADMIN(409, "last-admin", "Last admin"),
    NOT_A_SESSION(400, "not-a-session", "Not a session"),
    TOO_MANY_SIGN_IN_ATTEMPTS(429, "too-many-sign-in-attempts", "Too many sign-in attempts");

    private final Definition definition;

    AuthProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
