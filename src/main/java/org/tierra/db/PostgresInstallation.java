package org.tierra.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The system's PostgreSQL server binaries that Tierra runs its embedded cluster with.
 *
 * <p>Tierra needs PostgreSQL 15 or newer with PostGIS 3 installed for the same major version. The
 * newest such installation wins; {@code TIERRA_PG_BINDIR} overrides the search.
 */
public record PostgresInstallation(Path binDirectory, int majorVersion) {

    static final int MINIMUM_MAJOR_VERSION = 15;
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Path DEBIAN_SHARE = Path.of("/usr/share/postgresql");

    public Path binary(String name) {
        return binDirectory.resolve(name);
    }

    /**
     * Finds the installation to use.
     *
     * @throws EmbeddedPostgresException saying what to install when none fits
     */
    public static PostgresInstallation locate() {
        String override = System.getenv("TIERRA_PG_BINDIR");
        if (override != null && !override.isBlank()) {
            Path binDirectory = Path.of(override);
            if (!Files.isExecutable(binDirectory.resolve("initdb"))) {
                throw new EmbeddedPostgresException("TIERRA_PG_BINDIR=" + override + " holds no initdb");
            }
            return new PostgresInstallation(
                    binDirectory, majorVersionFromPath(binDirectory).orElse(0));
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
                versions.map(version -> version.resolve("bin")).forEach(candidates::add);
            } catch (IOException e) {
                throw new EmbeddedPostgresException("cannot list " + DEBIAN_ROOT, e);
            }
        }
        return candidates.stream()
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .flatMap(bin -> majorVersionFromPath(bin).map(v -> new PostgresInstallation(bin, v)).stream())
                .filter(installation -> installation.majorVersion() >= MINIMUM_MAJOR_VERSION)
                .filter(PostgresInstallation::hasPostgis)
                .max(Comparator.comparingInt(PostgresInstallation::majorVersion))
                .orElseThrow(() -> new EmbeddedPostgresException(
                        "No PostgreSQL " + MINIMUM_MAJOR_VERSION + "+ with PostGIS 3 found under " + DEBIAN_ROOT
                                + ". On Debian/Ubuntu: apt-get install -y postgresql postgresql-15-postgis-3"
                                + " (or run src/main/sh/tierra setup); elsewhere set TIERRA_PG_BINDIR to the"
                                + " folder holding initdb and pg_ctl, or set TIERRA_DB_URL to an external PostGIS."));
    }

    private boolean hasPostgis() {
        return Files.exists(DEBIAN_SHARE.resolve(Integer.toString(majorVersion)).resolve("extension/postgis.control"));
    }

    private static Optional<Integer> majorVersionFromPath(Path binDirectory) {
        Path versionDirectory = binDirectory.getParent();
        if (versionDirectory == null || versionDirectory.getFileName() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(versionDirectory.getFileName().toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
