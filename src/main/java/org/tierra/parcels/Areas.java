package org.tierra.parcels;

/** Areas as the registry reports them. */
final class Areas {

    private Areas() {}

    /** {@code squareMetres} rounded to square centimetres (two decimals), as every area Tierra answers with. */
    static double rounded(double squareMetres) {
        return Math.round(squareMetres * 100) / 100.0;
    }
}
