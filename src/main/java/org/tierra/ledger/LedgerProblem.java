package org.tierra.ledger;

import org.tierra.core.ProblemType;

/** The refusals of the ledger feature. */
public enum LedgerProblem implements ProblemType {
    LEASE_DRAFT(409, "lease-draft", "Lease is a draft");

    private final int status;
    private final String code;
    private final String title;

    LedgerProblem(int status, String code, String title) {
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
