package org.tierra.ogcapi;

import org.tierra.core.ProblemType;

/** The refusals of the ogcapi feature. */
public enum OgcProblem implements ProblemType {
    INVALID_FILTER(400, "invalid-filter", "Invalid filter");

    private final Definition definition;

    OgcProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
