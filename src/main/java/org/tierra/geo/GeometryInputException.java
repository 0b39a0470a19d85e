package org.tierra.geo;

import java.io.Serial;

/** A geometry could not be read or is not acceptable; carries the {@link GeometryProblem}. */
public final class GeometryInputException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient GeometryProblem problem;

    public GeometryInputException(GeometryProblem problem) {
        super(problem.message());
        this.problem = problem;
    }

    public GeometryProblem problem() {
        return problem;
    }
}
