package org.tierra.exports;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.RouteGroup;
import org.tierra.ogcapi.FeatureSelection;
import org.tierra.ogcapi.OgcCollection;
import org.tierra.parcels.RegistryGeneration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk downloads of the public parcels: {@code /api/v1/exports/parcels.geojson} and {@code .gpkg}.
 *
 * <p>Both take the OGC items filters (bbox, datetime, CQL2 filter, equalities, properties) and read one
 * consistent snapshot in a read-only transaction through a server-side cursor, so memory stays flat
 * however large the registry. GeoJSON goes from PostGIS's text straight to the socket, chunked;
 * a GeoPackage has to be a file (SQLite), so it is written to a temporary file, sent with its length
 * and deleted.
 */
public final class ExportRoutes implements RouteGroup {

    static final String GEOJSON = "application/geo+json";
    static final String GEOPACKAGE = "application/geopackage+sqlite3";
    /** Rows per round trip of the cursor: large enough to keep PostgreSQL busy, small enough for the heap. */
    static final int FETCH_ROWS = 5_000;

    private final Database database;
    private final JsonMapper json;

    public ExportRoutes(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/exports/parcels.geojson", this::geoJson, Access.PUBLIC);
        routes.get("/api/v1/exports/parcels.gpkg", this::geoPackage, Access.PUBLIC);
    }

    private void geoJson(Context ctx) {
        inSnapshot(ctx, (connection, selection) -> {
            try (PreparedStatement features = selection.prepareFeatures(connection)) {
                features.setFetchSize(FETCH_ROWS);
                try (ResultSet rows = features.executeQuery()) {
                    ctx.status(200).contentType(GEOJSON);
                    ctx.header("Content-Disposition", attachment("geojson"));
                    writeFeatureCollection(ctx.outputStream(), rows);
                }
            }
        });
    }

    private static void writeFeatureCollection(OutputStream socket, ResultSet rows) throws SQLException {
        try (OutputStream out = new BufferedOutputStream(socket, 1 << 16)) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.US_ASCII));
            boolean first = true;
            while (rows.next()) {
                if (!first) {
                    out.write(',');
                }
                out.write(rows.getBytes(1));
                first = false;
            }
            out.write("]}\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away: stop reading
        }
    }

    private void geoPackage(Context ctx) {
        Path directory = createTemporaryDirectory();
        try {
            Path file = directory.resolve("parcels.gpkg");
            inSnapshot(ctx, (connection, selection) -> {
                try (PreparedStatement rows = selection.prepareRows(connection)) {
                    rows.setFetchSize(FETCH_ROWS);
                    try (ResultSet result = rows.executeQuery()) {
                        GeoPackageWriter.write(file, "parcels", OgcCollection.PARCELS.description(), result);
                    }
                }
            });
            ctx.status(200).contentType(GEOPACKAGE);
            ctx.header("Content-Disposition", attachment("gpkg"));
            ctx.header("Content-Length", Long.toString(Files.size(file)));
            // Straight to the servlet stream: the length is exact, so no compression wraps it.
            try (OutputStream out = ctx.res().getOutputStream()) {
                Files.copy(file, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(directory);
        }
    }

    @FunctionalInterface
    private interface SnapshotWork {
        void run(Connection connection, FeatureSelection selection) throws SQLException, IOException;
    }

    /**
     * Reads the request's selection and runs {@code work} on it in one read-only transaction (a cursor
     * needs one; read-only because a download must never write). The registry's last change is read in
     * that same transaction, so the download shows the registry as of then, whatever commits meanwhile.
     * A bbox or filter geometry its CRS cannot place is refused (400) before any row is read.
     */
    private void inSnapshot(Context ctx, SnapshotWork work) {
        Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
        database.withConnection(connection -> {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                Instant lastChange = RegistryGeneration.current(connection).changedAt();
                FeatureSelection selection =
                        FeatureSelection.parse(OgcCollection.PARCELS, parameters, lastChange, json);
                selection.requireTransformable(connection);
                work.run(connection, selection);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    /** {@code attachment; filename="tierra-parcels-2026-12-02.geojson"}: the day the download was made. */
    private static String attachment(String extension) {
        return "attachment; filename=\"tierra-parcels-" + LocalDate.now(ZoneOffset.UTC) + "." + extension + "\"";
    }

    private static Path createTemporaryDirectory() {
        try {
            return Files.createTempDirectory("tierra-export-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary file left behind is the operating system's to clean; never fail a download for it
        }
    }
}
