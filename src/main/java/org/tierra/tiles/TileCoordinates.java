package org.tierra.tiles;

import org.tierra.core.Problem;

/**
 * A tile of the Web Mercator pyramid (as in XYZ URLs): zoom 0 to 22, x and y from 0 to 2^z − 1, y
 * counted from the north.
 */
record TileCoordinates(int z, int x, int y) {

    static final int MAX_ZOOM = 22;

    TileCoordinates {
        if (z < 0 || z > MAX_ZOOM) {
            throw Problem.invalidParameter("z", "The zoom is from 0 to " + MAX_ZOOM + "; got " + z + ".");
        }
        int size = 1 << z;
        if (x < 0 || x >= size || y < 0 || y >= size) {
            throw Problem.invalidParameter(
                    "x", "At zoom " + z + ", x and y are from 0 to " + (size - 1) + "; got " + x + "/" + y + ".");
        }
    }

    /** Reads {z}, {x} and {y}.mvt from a tile URL. */
    static TileCoordinates parse(String z, String x, String yWithExtension) {
        if (!yWithExtension.endsWith(".mvt")) {
            throw Problem.invalidParameter("y", "Tiles are named {z}/{x}/{y}.mvt; got '" + yWithExtension + "'.");
        }
        return new TileCoordinates(
                number("z", z), number("x", x), number("y", yWithExtension.substring(0, yWithExtension.length() - 4)));
    }

    private static int number(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw Problem.invalidParameter(name, "'" + name + "' is a whole number; got '" + text + "'.");
        }
    }
}
