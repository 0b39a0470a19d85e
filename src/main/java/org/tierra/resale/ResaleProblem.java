package org.tierra.resale;

import org.tierra.core.ProblemType;

/** The refusals of the resale feature. */
public enum ResaleProblem implements ProblemType {
    MISSING_INDEX_VALUE(422, "missing-index-value", "Missing index value");

    private final Definition definition;

    ResaleProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
