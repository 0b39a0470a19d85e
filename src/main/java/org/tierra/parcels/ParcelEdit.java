package org.tierra.parcels;

import java.util.Optional;
import org.tierra.core.ExpectedVersions;
import tools.jackson.databind.JsonNode;

/**
 * A change to a parcel as a client asks for it: the attributes it names and, if sent, a new boundary.
 *
 * @param expected the version of the parcel the client read (required)
 * @param geometry the new boundary as sent; empty to keep the parcel's
 */
public record ParcelEdit(
        long id,
        ExpectedVersions expected,
        ParcelAttributes attributes,
        Optional<JsonNode> geometry,
        BoundaryFormat format) {}
