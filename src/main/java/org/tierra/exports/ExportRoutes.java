package org.tierra.exports;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
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
 * however large the registry. GeoJSON goes from PostGIS's text straight to the socket, chunked. A
 * GeoPackage has to be a file (SQLite): it is written once per registry state and selection, kept a
 * while ({@link GeoPackageFiles}), and served with its length, an entity tag and byte ranges, so that
 * GDAL and QGIS can open it by URL. HEAD answers the same headers without running the export where
 * they do not depend on it.
 */
public final class ExportRoutes implements RouteGroup {

    static final String GEOJSON = "application/geo+json";
    static final String GEOPACKAGE = "application/geopackage+sqlite3";
    /** The one parameter of the GeoPackage download that is not a selection: the version it declares. */
    static final String GPKG_VERSION = "gpkg-version";
    /** Rows per round trip of the cursor: large enough to keep PostgreSQL busy, small enough for the heap. */
    static final int FETCH_ROWS = 5_000;

    private final Database database;
    private final JsonMapper json;
    private final GeoPackageFiles geoPackages;

    public ExportRoutes(Database database, JsonMapper json, GeoPackageFiles geoPackages) {
        this.database = database;
        this.json = json;
        this.geoPackages = geoPackages;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/exports/parcels.geojson", this::geoJson, Access.PUBLIC);
        routes.get("/api/v1/exports/parcels.gpkg", this::geoPackage, Access.PUBLIC);
    }

    private void geoJson(Context ctx) {
        streamInSnapshot(selectionParameters(ctx), (connection, generation, selection) -> {
            ctx.status(200).contentType(GEOJSON);
            ctx.header("Content-Disposition", attachment("geojson"));
            if (HandlerType.HEAD.equals(ctx.method())) {
                return; // the request is valid; its body would be streamed, so it has no length to tell
            }
            try (PreparedStatement features = selection.prepareFeatures(connection)) {
                features.setFetchSize(FETCH_ROWS);
                try (ResultSet rows = features.executeQuery()) {
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
        Map<String, List<String>> parameters = selectionParameters(ctx);
        GeoPackageVersion version = geoPackageVersion(parameters.remove(GPKG_VERSION));
        record Kept(Path file, String etag, Instant changedAt) {}
        Kept kept = inSnapshot(parameters, (connection, generation, selection) -> {
            String key = generation.generation() + " " + version + " " + new TreeMap<>(parameters);
            String etag = "\"gpkg-" + sha256(key) + "\"";
            if (etag.equals(ctx.header("If-None-Match"))) {
                return new Kept(null, etag, generation.changedAt());
            }
            Path file = geoPackages.get(key, target -> write(connection, selection, target, version));
            return new Kept(file, etag, generation.changedAt());
        });
        ctx.header("ETag", kept.etag());
        ctx.header(
                "Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(kept.changedAt().atOffset(ZoneOffset.UTC)));
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Accept-Ranges", "bytes");
        if (kept.file() == null) {
            ctx.status(304);
            return;
        }
        ctx.header("Content-Disposition", attachment("gpkg"));
        sendFile(ctx, kept.file(), kept.etag());
    }

    private static void write(Connection connection, FeatureSelection selection, Path file, GeoPackageVersion version)
            throws IOException {
        try (PreparedStatement rows = selection.prepareRows(connection)) {
            rows.setFetchSize(FETCH_ROWS);
            try (ResultSet result = rows.executeQuery()) {
                GeoPackageWriter.write(file, "parcels", OgcCollection.PARCELS.description(), result, version);
            }
        } catch (SQLException e) {
            throw new DatabaseException("the selected parcels, as rows for a GeoPackage", e);
        }
    }

    /** The whole file (200) or the one range asked for (206), with their exact length, uncompressed. */
    private static void sendFile(Context ctx, Path file, String etag) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            Optional<ByteRange> range = ByteRange.requested(ctx, size, etag);
            ctx.contentType(GEOPACKAGE);
            ctx.status(range.isPresent() ? 206 : 200);
            range.ifPresent(part -> ctx.header("Content-Range", part.contentRange(size)));
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(size);
            ctx.header("Content-Length", Long.toString(length));
            if (HandlerType.HEAD.equals(ctx.method())) {
                return;
            }
            // Straight to the servlet stream: the length is exact, so no compression wraps it.
            try (OutputStream out = ctx.res().getOutputStream();
                    WritableByteChannel socket = Channels.newChannel(out)) {
                long sent = 0;
                while (sent < length) {
                    sent += channel.transferTo(first + sent, length - sent, socket);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GeoPackageVersion geoPackageVersion(List<String> given) {
        if (given == null) {
            return GeoPackageVersion.DEFAULT;
        }
        String value = given.size() == 1 ? given.get(0).strip() : "";
        return GeoPackageVersion.find(value)
                .orElseThrow(() -> Problem.invalidParameter(
                        GPKG_VERSION,
                        "'" + GPKG_VERSION + "' is 1.2 (the default, read by every GDAL and QGIS), 1.3 or 1.4, given"
                                + " once; got '" + String.join(",", given) + "'."));
    }

    private static Map<String, List<String>> selectionParameters(Context ctx) {
        return new LinkedHashMap<>(ctx.queryParamMap());
    }

    @FunctionalInterface
    private interface SnapshotWork<T> {
        T run(Connection connection, RegistryGeneration generation, FeatureSelection selection)
                throws SQLException, IOException;
    }

    @FunctionalInterface
    private interface SnapshotStream {
        void run(Connection connection, RegistryGeneration generation, FeatureSelection selection)
                throws SQLException, IOException;
    }

    private void streamInSnapshot(Map<String, List<String>> parameters, SnapshotStream work) {
        inSnapshot(parameters, (connection, generation, selection) -> {
            work.run(connection, generation, selection);
            return null;
        });
    }

    /**
     * Reads the request's selection and runs {@code work} on it in one read-only, repeatable-read
     * transaction (a cursor needs one; read-only because a download must never write): the registry's
     * generation and every row come from the same snapshot, whatever commits meanwhile. A bbox or
     * filter geometry its CRS cannot place is refused (400) before any row is read.
     */
    private <T> T inSnapshot(Map<String, List<String>> parameters, SnapshotWork<T> work) {
        return database.withConnection(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                RegistryGeneration generation = RegistryGeneration.current(connection);
                FeatureSelection selection =
                        FeatureSelection.parse(OgcCollection.PARCELS, parameters, generation.changedAt(), json);
                selection.requireTransformable(connection);
                return work.run(connection, generation, selection);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        });
    }

    /** {@code attachment; filename="tierra-parcels-2026-12-02.geojson"}: the day the download was made. */
    private static String attachment(String extension) {
        return "attachment; filename=\"tierra-parcels-" + LocalDate.now(ZoneOffset.UTC) + "." + extension + "\"";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
