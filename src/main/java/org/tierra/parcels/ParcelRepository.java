package org.tierra.parcels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.core.VersionTag;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.db.Sql;

/**
 * Reads parcels as GeoJSON text produced by PostGIS itself ({@code ST_AsGeoJSON}), so a feature goes
 * from the database to the socket without becoming Java objects on the way. Reads either the current
 * registry (table {@code parcel}) or the registry as it was at an instant (table {@code parcel_version}).
 */
public final class ParcelRepository {

    private final Database database;

    public ParcelRepository(Database database) {
        this.database = database;
    }

    /**
     * A parcel as one GeoJSON Feature, as PostGIS wrote it, with the ETag of its version.
     *
     * @param json compact GeoJSON text, media type {@link #MEDIA_TYPE}
     */
    public record ParcelFeature(String json, String etag) {
        /** The media type of GeoJSON (RFC 7946). */
        public static final String MEDIA_TYPE = "application/geo+json";
    }

    // The feature query is assembled from these fixed fragments; every value is bound.

    /**
     * One GeoJSON Feature per row, as compact text: lon/lat geometry at full stored precision; the
     * public properties. Areas are geodesic, rounded to square centimetres (m²) and square metres (ha).
     */
    private static final String SELECT_FEATURE = """
            SELECT p.id, p.version,
                   '{"type":"Feature","id":' || p.id
                   || ',"geometry":' || ST_AsGeoJSON(p.geom)
                   || ',"properties":' || row_to_json(properties)::text
                   || '}' AS feature
            """;

    private static final String FROM_CURRENT = "FROM parcel p\n";

    /** The registry at an instant: each parcel's version valid then (bind the instant twice). */
    private static final String FROM_AS_OF = """
            FROM (SELECT v.parcel_id AS id, v.version, v.trust_id, v.code, v.name, v.tenure_category, v.land_use,
                         v.status, v.notes, v.geom, v.area_m2, v.perimeter_m
                  FROM parcel_version v
                  WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)) p
            """;

    private static final String PUBLIC_PROPERTIES = """
            JOIN trust t ON t.id = p.trust_id
            CROSS JOIN LATERAL (
                SELECT p.code,
                       p.name,
                       t.code AS trust,
                       p.tenure_category AS "tenureCategory",
                       p.land_use AS "landUse",
                       p.status,
                       p.version,
                       round(p.area_m2::numeric, 2) AS "areaSquareMetres",
                       round((p.area_m2 / 10000)::numeric, 4) AS "areaHectares",
                       round(p.perimeter_m::numeric, 2) AS "perimeterMetres"
            ) AS properties
            """;

    /** The same, with the free-text notes that only the trust's own people read (bind whether to show). */
    private static final String PROPERTIES_WITH_NOTES = PUBLIC_PROPERTIES.replace(
            "round(p.perimeter_m::numeric, 2) AS \"perimeterMetres\"",
            "round(p.perimeter_m::numeric, 2) AS \"perimeterMetres\",\n           p.notes");

    private static final String WHERE_ID = "WHERE p.id = ?";

    /**
     * The parcel as it is now, retired or not; its notes only when {@code withNotes}.
     */
    public Optional<ParcelFeature> findCurrentFeature(long id, boolean withNotes) {
        String sql = SELECT_FEATURE + FROM_CURRENT + (withNotes ? PROPERTIES_WITH_NOTES : PUBLIC_PROPERTIES) + WHERE_ID;
        return database.withConnection(connection -> queryFeature(connection, sql, List.of(id)));
    }

    /** The parcel as the registry described it at {@code instant}; empty before it existed. */
    public Optional<ParcelFeature> findFeatureAsOf(long id, Instant instant, boolean withNotes) {
        String sql = SELECT_FEATURE + FROM_AS_OF + (withNotes ? PROPERTIES_WITH_NOTES : PUBLIC_PROPERTIES) + WHERE_ID;
        Timestamp at = Timestamp.from(instant);
        return database.withConnection(connection -> queryFeature(connection, sql, List.of(at, at, id)));
    }

    private static Optional<ParcelFeature> queryFeature(Connection connection, String sql, List<Object> parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new ParcelFeature(
                                row.getString("feature"),
                                new VersionTag(row.getLong("id"), row.getInt("version")).etag()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** The id of the trust that holds the parcel (it never changes). */
    public static Optional<Long> findTrustId(Connection connection, long parcelId) {
        return Sql.on(connection, "SELECT trust_id FROM parcel WHERE id = :id")
                .bind("id", parcelId)
                .find(row -> row.getLong("trust_id"));
    }

    public Optional<Long> findTrustId(long parcelId) {
        return database.withConnection(connection -> findTrustId(connection, parcelId));
    }

    /** The codes of the parcels a retired parcel's land went to, by code. */
    public static List<String> listChildCodes(Connection connection, long parentId) {
        return Sql.on(connection, """
                        SELECT c.code
                        FROM parcel_lineage l
                        JOIN parcel c ON c.id = l.child_id
                        WHERE l.parent_id = :parent
                        ORDER BY c.code
                        """).bind("parent", parentId).list(row -> row.getString("code"));
    }

    // The list's filters are fixed fragments joined in a fixed order; every value is bound.
    private static final String WHERE_LISTED = "WHERE p.status <> 'retired' AND p.id > ?";
    private static final String AND_TRUST = "AND t.code = ?";
    // ST_Envelope, unlike ST_MakeEnvelope, turns a box of zero width or height into the point or line
    // it really is, so that such a box still finds the parcels it touches.
    private static final String AND_INTERSECTS_BBOX = """
            AND ST_Intersects(p.geom, ST_Envelope(ST_MakeLine(ST_SetSRID(ST_MakePoint(?, ?), 4326),
                                                             ST_SetSRID(ST_MakePoint(?, ?), 4326))))
            """;
    private static final String ORDER_AND_LIMIT = "ORDER BY p.id LIMIT ?";

    /** Rows of a feature list, read one at a time from an open server-side cursor. */
    public interface FeatureCursor {
        /** Moves to the next feature; false at the end. */
        boolean next();

        long id();

        /** The feature's GeoJSON as the database sent it: UTF-8, never decoded into a String. */
        byte[] featureUtf8();
    }

    /** What to do with the features once the query has run; may write them to a response. */
    @FunctionalInterface
    public interface FeatureConsumer {
        void consume(FeatureCursor cursor) throws IOException;
    }

    /**
     * Runs {@code query}, fetching up to {@code query.limit() + 1} rows so the caller can tell whether a
     * further page exists, and hands them to {@code consumer} as a cursor that streams from the database.
     * The query has run (and any SQL error surfaced) before {@code consumer} is called.
     */
    public void streamFeatures(ParcelQuery query, FeatureConsumer consumer) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT_FEATURE);
        if (query.asOf().isPresent()) {
            sql.append(FROM_AS_OF);
            Timestamp at = Timestamp.from(query.asOf().get());
            parameters.addAll(List.of(at, at));
        } else {
            sql.append(FROM_CURRENT);
        }
        sql.append(PUBLIC_PROPERTIES).append(WHERE_LISTED).append('\n');
        parameters.add(query.afterId());
        query.trustCode().ifPresent(code -> {
            sql.append(AND_TRUST).append('\n');
            parameters.add(code);
        });
        query.bbox().ifPresent(bbox -> {
            sql.append(AND_INTERSECTS_BBOX);
            parameters.addAll(List.of(bbox.minLon(), bbox.minLat(), bbox.maxLon(), bbox.maxLat()));
        });
        sql.append(ORDER_AND_LIMIT);
        parameters.add(query.limit() + 1);
        database.withConnection(connection -> {
            streamRows(connection, sql.toString(), parameters, query.limit() + 1, consumer);
            return null;
        });
    }

    /** Pages up to this many rows arrive whole, in one round trip; larger ones stream from a cursor. */
    private static final int ROWS_READ_AT_ONCE = 2_000;

    private static void streamRows(
            Connection connection, String sql, List<Object> parameters, int maxRows, FeatureConsumer consumer)
            throws SQLException {
        // PgJDBC uses a cursor only inside a transaction and with a fetch size. A small page skips both:
        // no BEGIN and no ROLLBACK round trips, and its memory is bounded by the page size.
        boolean useCursor = maxRows > ROWS_READ_AT_ONCE;
        connection.setAutoCommit(!useCursor);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(useCursor ? ROWS_READ_AT_ONCE : 0);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                consumer.consume(new ResultSetCursor(rows, sql));
            }
            if (useCursor) {
                connection.rollback(); // read-only: nothing to keep
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            DatabaseException failure = new DatabaseException(sql, e);
            Database.rollbackKeeping(connection, failure);
            throw failure;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException(e);
            Database.rollbackKeeping(connection, failure);
            throw failure;
        } catch (RuntimeException e) {
            Database.rollbackKeeping(connection, e);
            throw e;
        }
    }

    private record ResultSetCursor(ResultSet rows, String sql) implements FeatureCursor {
        @Override
        public boolean next() {
            try {
                return rows.next();
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        }

        @Override
        public long id() {
            try {
                return rows.getLong("id");
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        }

        @Override
        public byte[] featureUtf8() {
            try {
                // PgJDBC hands out a text column's bytes as received, in the UTF-8 client encoding.
                return rows.getBytes("feature");
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        }
    }
}
