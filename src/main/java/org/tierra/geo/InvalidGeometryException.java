package org.tierra.geo;

import java.io.Serial;
import java.util.List;

/** A boundary that cannot be accepted, with every finding that says why (at least one). */
public final class InvalidGeometryException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<GeometryFinding> findings;

    public InvalidGeometryException(List<GeometryFinding> findings) {
        super(findings.isEmpty() ? "invalid geometry" : findings.get(0).message(java.util.Locale.ENGLISH));
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("an invalid geometry has at least one finding");
        }
        this.findings = List.copyOf(findings);
    }

    public List<GeometryFinding> findings() {
        return findings;
    }
}
