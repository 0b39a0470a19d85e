package org.tierra.ogcapi;

import org.tierra.core.ProblemType;

/** The refusals of the ogcapi feature. */
public enum OgcProblem implements ProblemType {
    INVALID_FILTER(400, "invalid-filter", "Invalid filter");

    private final int status;
    private final String code;
    private final String title;

    OgcProblem(int status, String code, String title) {
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
