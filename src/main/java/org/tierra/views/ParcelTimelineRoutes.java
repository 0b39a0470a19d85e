package org.tierra.views;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.Json;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.LeaseAccess;
import org.tierra.ledger.LeaseBalance;
import org.tierra.ledger.Ledger;
import org.tierra.parcels.ParcelRepository;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/parcels/{id}/timeline}: everything the registry knows about one parcel, in date
 * order — its versions, the leases on it and their changes, resales, stewardship events, obligations
 * fulfilled, documents — and a summary of each lease with its fee balance. What a board member reads
 * before a vote, so it is for the admin, board and staff of the parcel's trust: it names lessees and
 * their payments.
 *
 * <p>Each item has a {@code date} (the day it happened: for recorded changes, the UTC day they were
 * recorded) and {@code recordedAt} (when it entered the registry); items sort by date, then by when
 * they were recorded. {@code asOf} (default today) is the day balances and arrears are computed for.
 */
public final class ParcelTimelineRoutes implements RouteGroup {

    private final Database database;
    private final JsonMapper json;

    public ParcelTimelineRoutes(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/parcels/{id}/timeline", this::timeline, Access.SIGNED_IN);
    }

    private void timeline(Context ctx) {
        Principal principal = Callers.get(ctx);
        long parcelId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("asOf"));
        LocalDate asOf = parameters.date("asOf").orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
        Map<String, Object> body = database.inTransaction(connection -> {
            connection.setReadOnly(true);
            Trust trust = trustOfParcel(connection, parcelId);
            LeaseAccess.requireTrustReader(principal, trust);
            List<Map<String, Object>> leases = listLeases(connection, parcelId, asOf);
            List<Map<String, Object>> items = listItems(connection, parcelId);
            return Json.fields(
                    "parcel", parcelId,
                    "trust", trust.code(),
                    "asOf", asOf.toString(),
                    "leases", leases,
                    "items", items);
        });
        ctx.json(body);
    }

    private static Trust trustOfParcel(Connection connection, long parcelId) {
        long trustId = ParcelRepository.findTrustId(connection, parcelId)
                .orElseThrow(() -> Problem.notFound("There is no parcel with id " + parcelId + "."));
        return TrustRepository.findTrustById(connection, trustId).orElseThrow();
    }

    // Every source as (date, recorded_at, kind, details); details are built here so that each source
    // names its own fields, and the union sorts them on one clock.
    private static final String ITEMS = """
            WITH leases AS (SELECT lease_id FROM ground_lease_parcel WHERE parcel_id = ?),
                 events AS (SELECT id FROM stewardship_event
                            WHERE parcel_id = ? OR lease_id IN (SELECT lease_id FROM leases))
            SELECT day, recorded_at, kind, details::text AS details FROM (
                SELECT (v.valid_from AT TIME ZONE 'UTC')::date AS day, v.valid_from AS recorded_at,
                       'parcel_version' AS kind, v.parcel_id AS subject, v.version AS sequence,
                       jsonb_build_object('version', v.version, 'operation', v.operation, 'code', v.code,
                                          'status', v.status, 'areaSquareMetres', round(v.area_m2::numeric, 2),
                                          'changedBy', v.changed_by_name, 'reason', v.reason) AS details
                FROM parcel_version v
                WHERE v.parcel_id = ?
                UNION ALL
                SELECT (r.valid_from AT TIME ZONE 'UTC')::date, r.valid_from, 'lease_version', r.entity_id, r.version,
                       jsonb_build_object('lease', r.entity_id, 'code', r.snapshot ->> 'code', 'version', r.version,
                                          'operation', r.operation, 'status', r.snapshot ->> 'status',
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
                       jsonb_build_object('event', e.id, 'type', e.kind, 'lease', e.lease_id, 'notes', e.notes,
                                          'improvementValue', e.improvement_value::text, 'currency', e.currency,
                                          'curesEvent', e.cures_event_id, 'recordedBy', e.created_by_name)
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
                WHERE d.parcel_id = ? OR d.lease_id IN (SELECT lease_id FROM leases)
                   OR d.event_id IN (SELECT id FROM events)
            ) items
            -- one transaction writes several versions at one instant: their numbers keep them in order
            ORDER BY day, recorded_at, kind, subject, sequence
            """;

    private List<Map<String, Object>> listItems(Connection connection, long parcelId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ITEMS)) {
            statement.setLong(1, parcelId);
            statement.setLong(2, parcelId);
            statement.setLong(3, parcelId);
            statement.setLong(4, parcelId);
            List<Map<String, Object>> items = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.add(Json.fields(
                            "date", rows.getObject("day", LocalDate.class).toString(),
                            "recordedAt",
                                    rows.getTimestamp("recorded_at").toInstant().toString(),
                            "kind", rows.getString("kind"),
                            "details", json.readTree(rows.getString("details"))));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new DatabaseException(ITEMS, e);
        }
    }

    private static final String LEASES = """
            SELECT l.id, l.code, l.status, l.starts_on, l.ends_on, l.closed_on, l.close_reason, l.permitted_use,
                   l.fee_amount::text AS fee_amount, l.currency, l.fee_period,
                   (SELECT coalesce(jsonb_agg(jsonb_build_object(
                               'party', p.id, 'name', p.name,
                               'share', ll.share_numerator || '/' || ll.share_denominator) ORDER BY p.id), '[]')
                    FROM ground_lease_lessee ll JOIN party p ON p.id = ll.party_id
                    WHERE ll.lease_id = l.id)::text AS lessees,
                   (SELECT max(entry_date) FROM ledger_entry
                    WHERE lease_id = l.id AND kind = 'payment') AS last_payment_on
            FROM ground_lease l
            WHERE l.id IN (SELECT lease_id FROM ground_lease_parcel WHERE parcel_id = ?)
            ORDER BY l.starts_on, l.id
            """;

    private List<Map<String, Object>> listLeases(Connection connection, long parcelId, LocalDate asOf)
            throws SQLException {
        List<Map<String, Object>> leases = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LEASES)) {
            statement.setLong(1, parcelId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    leases.add(Json.fields(
                            "id", rows.getLong("id"),
                            "code", rows.getString("code"),
                            "status", rows.getString("status"),
                            "startsOn",
                                    rows.getObject("starts_on", LocalDate.class).toString(),
                            "endsOn", rows.getObject("ends_on", LocalDate.class).toString(),
                            "closedOn", optionalDate(rows, "closed_on"),
                            "closeReason", rows.getString("close_reason"),
                            "permittedUse", rows.getString("permitted_use"),
                            "fee",
                                    Json.fields(
                                            "amount", rows.getString("fee_amount"),
                                            "currency", rows.getString("currency"),
                                            "period", rows.getString("fee_period")),
                            "lessees", json.readTree(rows.getString("lessees")),
                            "lastPaymentOn", optionalDate(rows, "last_payment_on")));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(LEASES, e);
        }
        for (Map<String, Object> lease : leases) {
            LeaseBalance balance = Ledger.balanceOf(connection, (Long) lease.get("id"), asOf);
            lease.put(
                    "balance",
                    Json.fields(
                            "amount", balance.balance().toPlainString(),
                            "currency", balance.currency(),
                            "daysInArrears", balance.daysInArrears(),
                            "oldestUnpaidDueOn",
                                    balance.oldestUnpaidDueOn()
                                            .map(LocalDate::toString)
                                            .orElse(null)));
        }
        return leases;
    }

    private static String optionalDate(ResultSet row, String column) throws SQLException {
        LocalDate date = row.getObject(column, LocalDate.class);
        return date == null ? null : date.toString();
    }
}
