package org.tierra.parcels;

import java.util.List;
import java.util.Optional;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * A split as a client asks for it: by a cutting {@code line} (a GeoJSON LineString, the pieces named by
 * {@code codes} or P-07-A, P-07-B, ...), or by the {@code children}'s own boundaries; one of the two.
 *
 * @param expected the version of the parent the client read (required)
 */
public record ParcelSplit(
        long id,
        ExpectedVersions expected,
        Optional<JsonNode> line,
        List<String> codes,
        List<Child> children,
        BoundaryFormat format) {

    /**
     * One child as the client drew it.
     *
     * @param attributes empty to take all of the parent's, with the next default code
     * @param geometry its boundary as sent; required
     */
    public record Child(Optional<ParcelAttributes> attributes, Optional<JsonNode> geometry) {}

    public ParcelSplit {
        codes = List.copyOf(codes);
        children = List.copyOf(children);
        requireOneWay(line.isPresent(), !children.isEmpty());
    }

    /**
     * Refuses a split that names both ways of splitting, or neither.
     *
     * @throws Problem 422 naming {@code line}
     */
    public static void requireOneWay(boolean byLine, boolean byChildren) {
        if (byLine == byChildren) {
            throw Problem.invalidField(
                    "line",
                    "Split by a cutting 'line' (a GeoJSON LineString) or by the 'children'"
                            + " (GeoJSON Features with their boundaries): one of the two.");
        }
    }
}
