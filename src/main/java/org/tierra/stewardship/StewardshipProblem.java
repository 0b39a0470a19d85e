package org.tierra.stewardship;

import org.tierra.core.ProblemType;

/** The refusals of the stewardship feature. */
public enum StewardshipProblem implements ProblemType {
    ALREADY_ENDED(409, "already-ended", "Already ended"),
    ALREADY_FULFILLED(409, "already-fulfilled", "Already fulfilled"),
    FULFILLED_AFTER_END(409, "fulfilled-after-end", "Fulfilled after the end"),
    LEASE_CLOSED(409, "lease-closed", "Lease closed");

    private final Definition definition;

    StewardshipProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
