package org.tierra.imports;

import org.tierra.core.ProblemType;

/** The refusals of the imports feature. */
public enum ImportProblem implements ProblemType {
    INVALID_IMPORT(422, "invalid-import", "Invalid import");

    private final Definition definition;

    ImportProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
