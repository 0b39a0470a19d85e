package org.tierra.exports;

import org.tierra.core.ProblemType;

/** The refusals of the exports feature. */
public enum ExportProblem implements ProblemType {
    RANGE_NOT_SATISFIABLE(416, "range-not-satisfiable", "Range not satisfiable");

    private final int status;
    private final String code;
    private final String title;

    ExportProblem(int status, String code, String title) {
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
