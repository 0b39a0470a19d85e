package org.tierra.exports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The GeoPackage version a download declares in its SQLite {@code user_version}. The file Tierra
 * writes uses nothing newer than 1.2 needs (one feature table, an R-tree index), so it may honestly
 * say 1.2, which every GDAL and QGIS in use reads without a warning; 1.4 is written only when asked
 * for, since GDAL 3.6 (Debian 12's) warns on every open of a 1.4 file.
 */
enum GeoPackageVersion {
    V1_2("1.2", 10200),
    V1_3("1.3", 10300),
    V1_4("1.4", 10400);

    static final GeoPackageVersion DEFAULT = V1_2;

    final String name;
    /** The {@code PRAGMA user_version} the standard gives this version. */
    final int userVersion;

    GeoPackageVersion(String name, int userVersion) {
        this.name = name;
        this.userVersion = userVersion;
    }

    static Optional<GeoPackageVersion> find(String name) {
        return Arrays.stream(values())
                .filter(version -> version.name.equals(name))
                .findFirst();
    }
}
