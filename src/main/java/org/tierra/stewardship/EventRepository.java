package org.tierra.stewardship;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/** Stewardship events in the database: append-only, so only created, found and listed. */
final class EventRepository {

    private EventRepository() {}

    /** An event to insert; the database checks its location against the parcel again. */
    record NewEvent(
            long trustId,
            Optional<Long> parcelId,
            Optional<Long> leaseId,
            String kind,
            LocalDate occurredOn,
            Optional<String> notes,
            Optional<Point> location,
            Optional<BigDecimal> improvementValue,
            Optional<String> currency,
            Optional<Long> curesEventId,
            long createdBy,
            String createdByName) {}

    /** A point in EPSG:4326 degrees. */
    record Point(double longitude, double latitude) {
        Point {
            if (!Double.isFinite(longitude)
                    || !Double.isFinite(latitude)
                    || Math.abs(longitude) > 180
                    || Math.abs(latitude) > 90) {
                throw new IllegalArgumentException("not a longitude/latitude: " + longitude + ", " + latitude);
            }
        }
    }

    private static final String CREATE = """
            INSERT INTO stewardship_event (trust_id, parcel_id, lease_id, kind, occurred_on, notes, location,
                                           improvement_value, currency, cures_event_id, created_by, created_by_name)
            VALUES (?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?)
            RETURNING id
            """;

    static long createEvent(Connection connection, NewEvent event) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
            statement.setLong(1, event.trustId());
            setOptionalLong(statement, 2, event.parcelId());
            setOptionalLong(statement, 3, event.leaseId());
            statement.setString(4, event.kind());
            statement.setObject(5, event.occurredOn());
            statement.setString(6, event.notes().orElse(null));
            // ST_MakePoint is strict: no location gives NULL
            statement.setObject(7, event.location().map(Point::longitude).orElse(null), Types.DOUBLE);
            statement.setObject(8, event.location().map(Point::latitude).orElse(null), Types.DOUBLE);
            statement.setBigDecimal(9, event.improvementValue().orElse(null));
            statement.setString(10, event.currency().orElse(null));
            setOptionalLong(statement, 11, event.curesEventId());
            statement.setLong(12, event.createdBy());
            statement.setString(13, event.createdByName());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CREATE, e);
        }
    }

    /** How far a point lies from the event's land, and whether that is within the trust's tolerance. */
    record Distance(double metres, double toleranceMetres, boolean within) {}

    // Mirrors the database's trigger: the parcel named, else any of the lease's parcels.
    private static final String DISTANCE = """
            SELECT min(ST_Distance(p.geom::geography, point.geog)),
                   t.event_location_tolerance_m,
                   bool_or(ST_DWithin(p.geom::geography, point.geog, t.event_location_tolerance_m))
            FROM trust t
            JOIN parcel p ON p.trust_id = t.id
            CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography AS geog) point
            WHERE t.id = ?
              AND (p.id = ?
                   OR (?::bigint IS NULL
                       AND p.id IN (SELECT lp.parcel_id FROM ground_lease_parcel lp WHERE lp.lease_id = ?)))
            GROUP BY t.event_location_tolerance_m
            """;

    static Optional<Distance> findDistance(
            Connection connection, long trustId, Optional<Long> parcelId, Optional<Long> leaseId, Point point) {
        try (PreparedStatement statement = connection.prepareStatement(DISTANCE)) {
            statement.setDouble(1, point.longitude());
            statement.setDouble(2, point.latitude());
            statement.setLong(3, trustId);
            setOptionalLong(statement, 4, parcelId);
            setOptionalLong(statement, 5, parcelId);
            setOptionalLong(statement, 6, leaseId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Distance(row.getDouble(1), row.getDouble(2), row.getBoolean(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(DISTANCE, e);
        }
    }

    private static final String SELECT = """
            SELECT e.id, e.trust_id, t.code, e.parcel_id, p.code, e.lease_id, l.code, e.kind, e.occurred_on, e.notes,
                   ST_X(e.location), ST_Y(e.location), e.improvement_value, e.currency, e.cures_event_id,
                   e.created_at, e.created_by_name
            FROM stewardship_event e
            JOIN trust t ON t.id = e.trust_id
            LEFT JOIN parcel p ON p.id = e.parcel_id
            LEFT JOIN ground_lease l ON l.id = e.lease_id
            """;

    private static final String FIND = SELECT + "WHERE e.id = ?";

    static Optional<StewardshipEvent> findEvent(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND, e);
        }
    }

    /** Which events to list; every filter is optional but the trust. */
    record Filter(
            long trustId,
            Optional<Long> parcelId,
            Optional<Long> leaseId,
            Optional<String> kind,
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            int limit) {}

    // A parcel's events include those recorded on a lease of it without naming a parcel.
    private static final String LIST = SELECT + """
            WHERE e.trust_id = ?
              AND (?::bigint IS NULL OR e.parcel_id = ?
                   OR (e.parcel_id IS NULL
                       AND e.lease_id IN (SELECT lp.lease_id FROM ground_lease_parcel lp WHERE lp.parcel_id = ?)))
              AND (?::bigint IS NULL OR e.lease_id = ?)
              AND (?::text IS NULL OR e.kind = ?)
              AND (?::date IS NULL OR e.occurred_on >= ?)
              AND (?::date IS NULL OR e.occurred_on <= ?)
            ORDER BY e.occurred_on DESC, e.id DESC
            LIMIT ?
            """;

    static List<StewardshipEvent> listEvents(Connection connection, Filter filter) {
        try (PreparedStatement statement = connection.prepareStatement(LIST)) {
            statement.setLong(1, filter.trustId());
            setOptionalLong(statement, 2, filter.parcelId());
            setOptionalLong(statement, 3, filter.parcelId());
            setOptionalLong(statement, 4, filter.parcelId());
            setOptionalLong(statement, 5, filter.leaseId());
            setOptionalLong(statement, 6, filter.leaseId());
            statement.setString(7, filter.kind().orElse(null));
            statement.setString(8, filter.kind().orElse(null));
            statement.setObject(9, filter.from().orElse(null), Types.DATE);
            statement.setObject(10, filter.from().orElse(null), Types.DATE);
            statement.setObject(11, filter.to().orElse(null), Types.DATE);
            statement.setObject(12, filter.to().orElse(null), Types.DATE);
            statement.setInt(13, filter.limit());
            List<StewardshipEvent> events = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    events.add(read(row));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new DatabaseException(LIST, e);
        }
    }

    private static StewardshipEvent read(ResultSet row) throws SQLException {
        Date occurred = row.getDate(9);
        return new StewardshipEvent(
                row.getLong(1),
                row.getLong(2),
                row.getString(3),
                optionalLong(row, 4),
                Optional.ofNullable(row.getString(5)),
                optionalLong(row, 6),
                Optional.ofNullable(row.getString(7)),
                row.getString(8),
                occurred.toLocalDate(),
                Optional.ofNullable(row.getString(10)),
                optionalDouble(row, 11),
                optionalDouble(row, 12),
                Optional.ofNullable(row.getBigDecimal(13)),
                Optional.ofNullable(row.getString(14)),
                optionalLong(row, 15),
                row.getTimestamp(16).toInstant(),
                row.getString(17));
    }

    private static final String PARCEL_TRUST = "SELECT trust_id FROM parcel WHERE id = ?";

    static Optional<Long> findParcelTrustId(Connection connection, long parcelId) {
        try (PreparedStatement statement = connection.prepareStatement(PARCEL_TRUST)) {
            statement.setLong(1, parcelId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(PARCEL_TRUST, e);
        }
    }

    private static final String PARCEL_OF_LEASE =
            "SELECT EXISTS (SELECT 1 FROM ground_lease_parcel WHERE lease_id = ? AND parcel_id = ?)";

    static boolean isParcelOfLease(Connection connection, long leaseId, long parcelId) {
        try (PreparedStatement statement = connection.prepareStatement(PARCEL_OF_LEASE)) {
            statement.setLong(1, leaseId);
            statement.setLong(2, parcelId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(PARCEL_OF_LEASE, e);
        }
    }

    static Optional<Long> optionalLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Double> optionalDouble(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static void setOptionalLong(PreparedStatement statement, int index, Optional<Long> value) throws SQLException {
        statement.setObject(index, value.orElse(null), Types.BIGINT);
    }
}
