package org.tierra.geo;

/** How large a boundary may be before it is refused without further reading. */
public record GeometryLimits(int maxVertices) {

    public static final GeometryLimits DEFAULT = new GeometryLimits(20_000);

    public GeometryLimits {
        if (maxVertices < 4) {
            throw new IllegalArgumentException("a boundary needs at least 4 vertices; limit " + maxVertices);
        }
    }
}
