package org.tierra.geo;

import java.util.Locale;

/**
 * A lon/lat rectangle in WGS 84 degrees, as in GeoJSON and OGC API {@code bbox}: west, south, east,
 * north. Edges belong to the box. Boxes across the antimeridian are not supported.
 */
public record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {

    public BoundingBox {
        requireInRange("minLon", minLon, 180);
        requireInRange("maxLon", maxLon, 180);
        requireInRange("minLat", minLat, 90);
        requireInRange("maxLat", maxLat, 90);
        if (minLat > maxLat) {
            throw new IllegalArgumentException(
                    "minLat " + minLat + " is north of maxLat " + maxLat + ": give south before north");
        }
        if (minLon > maxLon) {
            throw new IllegalArgumentException("minLon " + minLon + " is east of maxLon " + maxLon
                    + ": give west before east (boxes across the antimeridian are not supported; send two)");
        }
    }

    /**
     * Parses {@code minLon,minLat,maxLon,maxLat}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, in words a user can act on
     */
    public static BoundingBox parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat"
                    + " (e.g. -96.75,17.0,-96.6,17.12), got " + parts.length + " value"
                    + (parts.length == 1 ? "" : "s"));
        }
        double[] numbers = new double[4];
        String[] names = {"minLon", "minLat", "maxLon", "maxLat"};
        for (int i = 0; i < 4; i++) {
            numbers[i] = parseNumber(names[i], parts[i].strip());
        }
        return new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static double parseNumber(String name, String text) {
        try {
            double value = Double.parseDouble(text);
            // parseDouble accepts "NaN", "Infinity" and a trailing 'd'/'f'; a bbox takes plain decimals only.
            if (!Double.isFinite(value) || !text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a decimal number of degrees, got '" + text + "'", e);
        }
    }

    private static void requireInRange(String name, double value, double limit) {
        if (!Double.isFinite(value) || value < -limit || value > limit) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s must be between %d and %d degrees, got %s",
                    name,
                    (int) -limit,
                    (int) limit,
                    value));
        }
    }

    /** The box as text in the same form {@link #parse} reads. */
    @Override
    public String toString() {
        return minLon + "," + minLat + "," + maxLon + "," + maxLat;
    }
}
