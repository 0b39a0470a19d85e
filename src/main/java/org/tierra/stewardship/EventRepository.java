package org.tierra.stewardship;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/** Stewardship events in the database: append-only, so only created, found and listed. */
final class EventRepository {

    private EventRepository() {}

    /**
     * Inserts {@code event} into trust {@code trustId}, as written by {@code change}'s actor, with the
     * improvement value checked by the caller; the database checks its location against the land again.
     */
    static long createEvent(
            Connection connection,
            long trustId,
            NewEvent event,
            Optional<BigDecimal> improvementValue,
            Optional<String> currency,
            Change change) {
        // ST_MakePoint is strict: no location gives NULL
        return Sql.on(connection, """
                        INSERT INTO stewardship_event (trust_id, parcel_id, lease_id, kind, occurred_on, notes, location,
                                                       improvement_value, currency, cures_event_id, created_by,
                                                       created_by_name)
                        VALUES (:trust, :parcel, :lease, :kind, :occurredOn, :notes,
                                ST_SetSRID(ST_MakePoint(CAST(:longitude AS double precision),
                                                        CAST(:latitude AS double precision)), 4326),
                                :improvementValue, :currency, :curesEvent, :createdBy, :createdByName)
                        RETURNING id
                        """)
                .bind("trust", trustId)
                .bind("parcel", event.parcelId())
                .bind("lease", event.leaseId())
                .bind("kind", event.kind())
                .bind("occurredOn", event.occurredOn())
                .bind("notes", event.notes())
                .bind("longitude", event.location().map(point -> BigDecimal.valueOf(point.longitude())))
                .bind("latitude", event.location().map(point -> BigDecimal.valueOf(point.latitude())))
                .bind("improvementValue", improvementValue)
                .bind("currency", currency)
                .bind("curesEvent", event.curesEventId())
                .bind("createdBy", change.actorUserId())
                .bind("createdByName", change.actor())
                .get(row -> row.getLong("id"));
    }

    /** How far a point lies from the event's land, and whether that is within the trust's tolerance. */
    record Distance(double metres, double toleranceMetres, boolean within) {}

    /** The distance of {@code point} from the parcel named, else from any of the lease's parcels, as the database's trigger measures it. */
    static Optional<Distance> findDistance(
            Connection connection, long trustId, Optional<Long> parcelId, Optional<Long> leaseId, Point point) {
        return Sql.on(connection, """
                        SELECT min(ST_Distance(p.geom::geography, point.geog)) AS metres,
                               t.event_location_tolerance_m AS tolerance,
                               bool_or(ST_DWithin(p.geom::geography, point.geog, t.event_location_tolerance_m))
                                   AS within
                        FROM trust t
                        JOIN parcel p ON p.trust_id = t.id
                        CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint(CAST(:longitude AS double precision),
                                                                   CAST(:latitude AS double precision)),
                                                      4326)::geography AS geog) point
                        WHERE t.id = :trust
                          AND (p.id = :parcel
                               OR (CAST(:parcel AS bigint) IS NULL
                                   AND p.id IN (SELECT lp.parcel_id FROM ground_lease_parcel lp
                                                WHERE lp.lease_id = :lease)))
                        GROUP BY t.event_location_tolerance_m
                        """)
                .bind("longitude", BigDecimal.valueOf(point.longitude()))
                .bind("latitude", BigDecimal.valueOf(point.latitude()))
                .bind("trust", trustId)
                .bind("parcel", parcelId)
                .bind("lease", leaseId)
                .find(row ->
                        new Distance(row.getDouble("metres"), row.getDouble("tolerance"), row.getBoolean("within")));
    }

    private static final String SELECT = """
            SELECT e.id, e.trust_id, t.code AS trust_code, e.parcel_id, p.code AS parcel_code, e.lease_id,
                   l.code AS lease_code, e.kind, e.occurred_on, e.notes, e.location IS NOT NULL AS located,
                   ST_X(e.location) AS longitude, ST_Y(e.location) AS latitude, e.improvement_value, e.currency, e.cures_event_id, e.created_at,
                   e.created_by_name
            FROM stewardship_event e
            JOIN trust t ON t.id = e.trust_id
            LEFT JOIN parcel p ON p.id = e.parcel_id
            LEFT JOIN ground_lease l ON l.id = e.lease_id
            """;

    static Optional<StewardshipEvent> findEvent(Connection connection, long id) {
        return Sql.on(connection, SELECT + "WHERE e.id = :id").bind("id", id).find(EventRepository::eventFrom);
    }

    /**
     * The events of trust {@code trustId} that {@code query} selects (its trust code aside), latest first;
     * a parcel's include those recorded on a lease of it without naming a parcel.
     */
    static List<StewardshipEvent> listEvents(Connection connection, long trustId, Stewardship.EventQuery query) {
        return Sql.on(connection, SELECT + """
                        WHERE e.trust_id = :trust
                          AND (CAST(:parcel AS bigint) IS NULL OR e.parcel_id = :parcel
                               OR (e.parcel_id IS NULL
                                   AND e.lease_id IN (SELECT lp.lease_id FROM ground_lease_parcel lp
                                                      WHERE lp.parcel_id = :parcel)))
                          AND (CAST(:lease AS bigint) IS NULL OR e.lease_id = :lease)
                          AND (CAST(:kind AS text) IS NULL OR e.kind = :kind)
                          AND (CAST(:from AS date) IS NULL OR e.occurred_on >= :from)
                          AND (CAST(:to AS date) IS NULL OR e.occurred_on <= :to)
                        ORDER BY e.occurred_on DESC, e.id DESC
                        LIMIT :limit
                        """)
                .bind("trust", trustId)
                .bind("parcel", query.parcelId())
                .bind("lease", query.leaseId())
                .bind("kind", query.kind())
                .bind("from", query.from())
                .bind("to", query.to())
                .bind("limit", query.limit())
                .list(EventRepository::eventFrom);
    }

    private static StewardshipEvent eventFrom(Row row) throws SQLException {
        Optional<Point> location = row.getBoolean("located")
                ? Optional.of(new Point(row.getDouble("longitude"), row.getDouble("latitude")))
                : Optional.empty();
        Optional<String> currency = row.findString("currency");
        return new StewardshipEvent(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("trust_code"),
                row.findLong("parcel_id"),
                row.findString("parcel_code"),
                row.findLong("lease_id"),
                row.findString("lease_code"),
                row.getCode("kind", EventKind.class),
                row.getDate("occurred_on"),
                row.findString("notes"),
                location,
                row.findDecimal("improvement_value")
                        .map(amount -> StewardshipEvent.Money.of(amount, currency.orElseThrow())),
                row.findLong("cures_event_id"),
                row.getInstant("created_at"),
                row.getString("created_by_name"));
    }

    static Optional<Long> findParcelTrustId(Connection connection, long parcelId) {
        return Sql.on(connection, "SELECT trust_id FROM parcel WHERE id = :parcel")
                .bind("parcel", parcelId)
                .find(row -> row.getLong("trust_id"));
    }

    static boolean isParcelOfLease(Connection connection, long leaseId, long parcelId) {
        return Sql.on(connection, """
                        SELECT EXISTS (SELECT 1 FROM ground_lease_parcel WHERE lease_id = :lease AND parcel_id = :parcel)
                            AS found
                        """)
                .bind("lease", leaseId)
                .bind("parcel", parcelId)
                .get(row -> row.getBoolean("found"));
    }
}
