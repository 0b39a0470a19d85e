package org.tierra.parcels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;

/**
 * Reads parcels as GeoJSON text produced by PostGIS itself ({@code ST_AsGeoJSON}), so a feature goes
 * from the database to the socket without becoming Java objects on the way.
 */
public final class ParcelRepository {

    private final Database database;

    public ParcelRepository(Database database) {
        this.database = database;
    }

    /**
     * One GeoJSON Feature per row, as compact text: lon/lat geometry at full stored precision; the
     * public properties. Areas are geodesic, rounded to square centimetres (m²) and square metres (ha).
     */
    private static final String SELECT_FEATURE = """
            SELECT p.id,
                   '{"type":"Feature","id":' || p.id
                   || ',"geometry":' || ST_AsGeoJSON(p.geom)
                   || ',"properties":' || row_to_json(properties)::text
                   || '}' AS feature
            FROM parcel p
            JOIN trust t ON t.id = p.trust_id
            CROSS JOIN LATERAL (
                SELECT p.code,
                       p.name,
                       t.code AS trust,
                       p.tenure_category AS "tenureCategory",
                       p.land_use AS "landUse",
                       p.status,
                       round(p.area_m2::numeric, 2) AS "areaSquareMetres",
                       round((p.area_m2 / 10000)::numeric, 4) AS "areaHectares",
                       round(p.perimeter_m::numeric, 2) AS "perimeterMetres"
            ) AS properties
            """;

    private static final String WHERE_ID = "WHERE p.id = ?";

    /** The parcel as a GeoJSON Feature, retired or not. */
    public Optional<String> findFeature(long id) {
        String sql = SELECT_FEATURE + WHERE_ID;
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString("feature")) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        });
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
        StringBuilder sql =
                new StringBuilder(SELECT_FEATURE).append(WHERE_LISTED).append('\n');
        List<Object> parameters = new ArrayList<>(List.of(query.afterId()));
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
                return rows.getBytes(2);
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        }
    }
}
