package org.tierra.parcels;

import java.util.Locale;
import java.util.Optional;

/**
 * How a request writes its boundaries: the CRS named by its {@code Content-Crs} header, as sent (read by
 * {@link BoundaryReader#parseContentCrs}; lon/lat when empty), and the language to explain a problem with
 * them in.
 */
public record BoundaryFormat(Optional<String> contentCrs, Locale language) {}
