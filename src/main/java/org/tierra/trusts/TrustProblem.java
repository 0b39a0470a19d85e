package org.tierra.trusts;

import org.tierra.core.ProblemType;

/** The refusals of the trusts feature. */
public enum TrustProblem implements ProblemType {
    TRUST_EXISTS(409, "trust-exists", "Trust exists");

    private final int status;
    private final String code;
    private final String title;

    TrustProblem(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
