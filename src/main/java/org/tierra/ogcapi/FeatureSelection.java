package org.tierra.ogcapi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tierra.core.Problem;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole selection of a collection's features, for bulk downloads: the items route's filters (bbox,
 * datetime, CQL2 filter, equalities, properties) with the same meaning and the same checks, but no
 * page, order or output CRS. Every feature comes in lon/lat (CRS84), ordered by id.
 */
public final class FeatureSelection {

    /** Items parameters that make no sense for a whole download. */
    private static final Set<String> PAGING_AND_OUTPUT = Set.of("f", "limit", "sortby", "cursor", "crs");

    private final ItemsQuery query;

    private FeatureSelection(ItemsQuery query) {
        this.query = query;
    }

    /** The query parameters a download of {@code collection} accepts. */
    public static List<String> parameterNames(OgcCollection collection) {
        return ItemsQuery.parameterNames(collection).stream()
                .filter(name -> !PAGING_AND_OUTPUT.contains(name))
                .toList();
    }

    /**
     * Reads the request's parameters.
     *
     * @param registryInstant when the registry last changed: the instant the download shows by default
     * @throws Problem 400 naming the parameter at fault and what it accepts
     */
    public static FeatureSelection parse(
            OgcCollection collection, Map<String, List<String>> parameters, Instant registryInstant, JsonMapper json) {
        List<String> accepted = parameterNames(collection);
        for (String name : parameters.keySet()) {
            if (!accepted.contains(name)) {
                String why = PAGING_AND_OUTPUT.contains(name)
                        ? "A download holds every selected feature, in lon/lat (CRS84), ordered by id: '" + name
                                + "' does not apply (page through /ogc/collections/" + collection.id()
                                + "/items for that). "
                        : "Unknown query parameter '" + name + "'. ";
                throw Problem.invalidParameter(name, why + "Accepted: " + String.join(", ", accepted) + ".");
            }
        }
        return new FeatureSelection(ItemsQuery.parse(collection, parameters, registryInstant, json));
    }

    /** The selected properties, in output order. */
    public List<String> properties() {
        return query.properties;
    }

    /** Refuses (400) a bbox or filter geometry given where its CRS cannot be turned into lon/lat. */
    public void requireTransformable(Connection connection) throws SQLException {
        OgcRoutes.requireTransformable(connection, query);
    }

    /** One row per feature: its GeoJSON text, column {@code feature}. */
    public PreparedStatement prepareFeatures(Connection connection) throws SQLException {
        return query.everyFeature().prepare(connection);
    }

    /**
     * One row per feature: {@code id}, {@code geometry} (WKB, lon/lat) and one column per selected
     * property, named after it.
     */
    public PreparedStatement prepareRows(Connection connection) throws SQLException {
        return query.everyRow().prepare(connection);
    }
}
