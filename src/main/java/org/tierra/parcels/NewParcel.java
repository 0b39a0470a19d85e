package org.tierra.parcels;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A parcel as a client asks to create it: a GeoJSON Feature.
 *
 * @param trustCode the trust that will hold it
 * @param attributes its code, tenure category and land use are required; its status is {@code active}
 *     unless given
 * @param geometry its boundary as sent, a GeoJSON Polygon or MultiPolygon; required
 */
public record NewParcel(
        String trustCode, ParcelAttributes attributes, Optional<JsonNode> geometry, BoundaryFormat format) {}
