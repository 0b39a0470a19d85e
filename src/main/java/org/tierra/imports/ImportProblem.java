package org.tierra.imports;

import org.tierra.core.ProblemType;

/** The refusals of the imports feature. */
public enum ImportProblem implements ProblemType {
    INVALID_IMPORT(422, "invalid-import", "Invalid import");

    private final int status;
    private final String code;
    private final String title;

    ImportProblem(int status, String code, String title) {
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
