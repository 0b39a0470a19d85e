package org.tierra.trusts;

import org.tierra.core.ProblemType;

/** The refusals of the trusts feature. */
public enum TrustProblem implements ProblemType {
    TRUST_EXISTS(409, "trust-exists", "Trust exists");

    private final Definition definition;

    TrustProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
