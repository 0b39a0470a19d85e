package org.tierra.views;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import org.tierra.access.Principal;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.Sql;
import org.tierra.leases.LeaseAccess;
import org.tierra.ledger.Ledger;
import org.tierra.parcels.ParcelRepository;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * A parcel's timeline: its versions, the leases on it and their changes, resales, stewardship events,
 * obligations fulfilled, documents, and a summary of each lease with its fee balance. What a board
 * member reads before a vote, so it is for the admin, board and staff of the parcel's trust: it names
 * lessees and their payments.
 *
 * <p>Items sort by date (the day it happened: for recorded changes, the UTC day they were recorded),
 * then by when they were recorded.
 */
public final class ParcelTimeline {

    private final Database database;
    private final JsonMapper json;

    /** {@code json} reads the details and lessees the database aggregates as JSON. */
    public ParcelTimeline(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /**
     * Parcel {@code parcelId}'s timeline, with balances and arrears as of {@code asOf}, read in one
     * transaction.
     *
     * @throws Problem 404 when there is no such parcel; 403 unless the caller is its trust's admin, board
     *     or staff
     */
    public Timeline getTimeline(Principal caller, long parcelId, LocalDate asOf) {
        return database.inTransaction(connection -> {
            connection.setReadOnly(true);
            long trustId = ParcelRepository.findTrustId(connection, parcelId)
                    .orElseThrow(() -> Problem.notFound("There is no parcel with id " + parcelId + "."));
            Trust trust = TrustRepository.findTrustById(connection, trustId).orElseThrow();
            LeaseAccess.requireTrustReader(caller, trust);
            List<Timeline.Lease> leases = listLeases(connection, parcelId, asOf);
            return new Timeline(parcelId, trust.code(), asOf, leases, listItems(connection, parcelId));
        });
    }

    // Every source as (date, recorded_at, kind, details); details are built here so that each source
    // names its own fields, and the union sorts them on one clock.
    private List<Timeline.Item> listItems(Connection connection, long parcelId) {
        return Sql.on(connection, """
                        WITH leases AS (SELECT lease_id FROM ground_lease_parcel WHERE parcel_id = :parcel),
                             events AS (SELECT id FROM stewardship_event
                                        WHERE parcel_id = :parcel OR lease_id IN (SELECT lease_id FROM leases))
                        SELECT day, recorded_at, kind, details::text AS details FROM (
                            SELECT (v.valid_from AT TIME ZONE 'UTC')::date AS day, v.valid_from AS recorded_at,
                                   'parcel_version' AS kind, v.parcel_id AS subject, v.version AS sequence,
                                   jsonb_build_object('version', v.version, 'operation', v.operation, 'code', v.code,
                                                      'status', v.status,
                                                      'areaSquareMetres', round(v.area_m2::numeric, 2),
                                                      'changedBy', v.changed_by_name, 'reason', v.reason) AS details
                            FROM parcel_version v
                            WHERE v.parcel_id = :parcel
                            UNION ALL
                            SELECT (r.valid_from AT TIME ZONE 'UTC')::date, r.valid_from, 'lease_version', r.entity_id,
                                   r.version,
                                   jsonb_build_object('lease', r.entity_id, 'code', r.snapshot ->> 'code',
                                                      'version', r.version, 'operation', r.operation,
                                                      'status', r.snapshot ->> 'status',
                                                      'changedBy', r.changed_by_name, 'reason', r.reason)
                            FROM record_version r
                            WHERE r.entity = 'ground_lease' AND r.entity_id IN (SELECT lease_id FROM leases)
                            UNION ALL
                            SELECT a.assigned_on, a.created_at, 'assignment', a.from_lease_id, 0,
                                   jsonb_build_object('fromLease', a.from_lease_id, 'toLease', a.to_lease_id,
                                                      'resalePrice', a.resale_price::text, 'currency', a.currency,
                                                      'resalePolicy', a.resale_policy_id,
                                                      'resalePolicyVersion', a.resale_policy_version)
                            FROM lease_assignment a
                            WHERE a.from_lease_id IN (SELECT lease_id FROM leases)
                            UNION ALL
                            SELECT e.occurred_on, e.created_at, 'stewardship_event', e.id, 0,
                                   jsonb_build_object('event', e.id, 'type', e.kind, 'lease', e.lease_id,
                                                      'notes', e.notes,
                                                      'improvementValue', e.improvement_value::text,
                                                      'currency', e.currency, 'curesEvent', e.cures_event_id,
                                                      'recordedBy', e.created_by_name)
                            FROM stewardship_event e
                            WHERE e.id IN (SELECT id FROM events)
                            UNION ALL
                            SELECT f.fulfilled_on, f.created_at, 'obligation_fulfilled', o.id, 0,
                                   jsonb_build_object('obligation', o.id, 'type', o.kind, 'lease', o.lease_id,
                                                      'dueOn', f.due_on, 'recordedBy', f.created_by_name)
                            FROM obligation_fulfilment f
                            JOIN obligation o ON o.id = f.obligation_id
                            WHERE o.lease_id IN (SELECT lease_id FROM leases)
                            UNION ALL
                            SELECT (d.created_at AT TIME ZONE 'UTC')::date, d.created_at, 'document', d.id, 0,
                                   jsonb_build_object('document', d.id, 'title', d.title, 'mediaType', d.media_type,
                                                      'sizeBytes', d.size_bytes, 'sha256', encode(d.sha256, 'hex'),
                                                      'lease', d.lease_id, 'event', d.event_id,
                                                      'recordedBy', d.created_by_name)
                            FROM document d
                            WHERE d.parcel_id = :parcel OR d.lease_id IN (SELECT lease_id FROM leases)
                               OR d.event_id IN (SELECT id FROM events)
                        ) items
                        -- one transaction writes several versions at one instant: their numbers keep them in order
                        ORDER BY day, recorded_at, kind, subject, sequence
                        """)
                .bind("parcel", parcelId)
                .list(row -> new Timeline.Item(
                        row.getDate("day"),
                        row.getInstant("recorded_at"),
                        row.getString("kind"),
                        json.readTree(row.getString("details"))));
    }

    /** The leases of the parcel, by start, each with its balance as of {@code asOf}. */
    private List<Timeline.Lease> listLeases(Connection connection, long parcelId, LocalDate asOf) {
        return Sql.on(connection, """
                        SELECT l.id, l.code, l.status, l.starts_on, l.ends_on, l.closed_on, l.close_reason,
                               l.permitted_use, l.fee_amount::text AS fee_amount, l.currency, l.fee_period,
                               (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                           'party', p.id, 'name', p.name,
                                           'share', ll.share_numerator || '/' || ll.share_denominator)
                                           ORDER BY p.id), '[]')
                                FROM ground_lease_lessee ll JOIN party p ON p.id = ll.party_id
                                WHERE ll.lease_id = l.id)::text AS lessees,
                               (SELECT max(entry_date) FROM ledger_entry
                                WHERE lease_id = l.id AND kind = 'payment') AS last_payment_on
                        FROM ground_lease l
                        WHERE l.id IN (SELECT lease_id FROM ground_lease_parcel WHERE parcel_id = :parcel)
                        ORDER BY l.starts_on, l.id
                        """)
                .bind("parcel", parcelId)
                .list(row -> new Timeline.Lease(
                        row.getLong("id"),
                        row.getString("code"),
                        row.getString("status"),
                        row.getDate("starts_on"),
                        row.getDate("ends_on"),
                        row.findDate("closed_on"),
                        row.findString("close_reason"),
                        row.getString("permitted_use"),
                        new Timeline.Fee(
                                row.getString("fee_amount"), row.getString("currency"), row.getString("fee_period")),
                        json.readTree(row.getString("lessees")),
                        row.findDate("last_payment_on"),
                        // the rows are all read before this runs another query on the connection
                        Balance.of(Ledger.balanceOf(connection, row.getLong("id"), asOf))));
    }
}
