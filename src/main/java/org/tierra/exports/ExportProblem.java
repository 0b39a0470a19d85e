package org.tierra.exports;

import org.tierra.core.ProblemType;

/** The refusals of the exports feature. */
public enum ExportProblem implements ProblemType {
    RANGE_NOT_SATISFIABLE(416, "range-not-satisfiable", "Range not satisfiable");

    private final Definition definition;

    ExportProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
