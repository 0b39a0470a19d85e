package org.tierra.ledger;

import org.tierra.core.ProblemType;

/** The refusals of the ledger feature. */
public enum LedgerProblem implements ProblemType {
    LEASE_DRAFT(409, "lease-draft", "Lease is a draft");

    private final Definition definition;

    LedgerProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
