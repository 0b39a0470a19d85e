package org.tierra.resale;

import org.tierra.core.ProblemType;

/** The refusals of the resale feature. */
public enum ResaleProblem implements ProblemType {
    MISSING_INDEX_VALUE(422, "missing-index-value", "Missing index value");

    private final int status;
    private final String code;
    private final String title;

    ResaleProblem(int status, String code, String title) {
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
