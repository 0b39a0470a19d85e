package org.tierra.views;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.db.Database;
import org.tierra.db.Sql;
import org.tierra.ledger.Ledger;
import org.tierra.stewardship.ObligationState;
import org.tierra.stewardship.Obligations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signed-in person's own leases: those held in their own name or by a household or group they belong
 * to on the day asked about, with the land, the terms, the fee balance and the obligations, labelled in
 * their language. What a farmer opens on a phone; it reads nothing of other lessees.
 */
public final class MyLeases {

    private final Database database;
    private final JsonMapper json;

    /** {@code json} reads the lessees and parcels the database aggregates as JSON. */
    public MyLeases(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /**
     * The caller's signed leases (not drafts, not cancelled), active ones first, then the latest started;
     * balances and obligations as of {@code asOf}, labels in {@code language}. Empty for a caller who
     * holds none.
     */
    public List<MyLease> listMyLeases(Principal caller, LocalDate asOf, Locale language) {
        Labels labels = Labels.of(language);
        return database.inTransaction(connection -> {
            connection.setReadOnly(true);
            return listLeases(connection, caller.userId(), asOf).stream()
                    .map(lease -> lease.toMyLease(
                            labels,
                            Balance.of(Ledger.balanceOf(connection, lease.id(), asOf)),
                            Obligations.listObligationsOfLease(connection, lease.id(), asOf, language)))
                    .toList();
        });
    }

    /** A lease as the query reads it, before its balance and obligations. */
    private record LeaseRow(
            long id,
            String code,
            MyLease.Trust trust,
            String status,
            LocalDate startsOn,
            LocalDate endsOn,
            Optional<LocalDate> closedOn,
            String permittedUse,
            String feeAmount,
            String currency,
            String feePeriod,
            JsonNode lessees,
            JsonNode parcels) {

        MyLease toMyLease(Labels labels, Balance balance, List<ObligationState> obligations) {
            return new MyLease(
                    id,
                    code,
                    trust,
                    status,
                    labels.status(status),
                    startsOn,
                    endsOn,
                    closedOn,
                    permittedUse,
                    labels.use(permittedUse),
                    new MyLease.Fee(feeAmount, currency, feePeriod, labels.period(feePeriod)),
                    lessees,
                    parcels,
                    balance,
                    obligations);
        }
    }

    // The user's parties: their own, and the groups they are a member of on asOf. Drafts are the
    // trust's working papers, not yet a lease anyone holds.
    private List<LeaseRow> listLeases(Connection connection, long userId, LocalDate asOf) {
        return Sql.on(connection, """
                        WITH mine AS (
                            SELECT p.id FROM party p WHERE p.user_id = :user
                            UNION
                            SELECT m.group_id FROM party_group_member m JOIN party p ON p.id = m.member_id
                            WHERE p.user_id = :user AND m.valid_during @> CAST(:asOf AS date)
                        )
                        SELECT l.id, l.code, t.code AS trust, t.name AS trust_name, l.status, l.starts_on, l.ends_on,
                               l.closed_on, l.permitted_use, l.fee_amount::text AS fee_amount, l.currency, l.fee_period,
                               (SELECT jsonb_agg(jsonb_build_object('party', lp.id, 'name', lp.name,
                                                                    'share', ll.share_numerator || '/'
                                                                             || ll.share_denominator)
                                                 ORDER BY lp.id)
                                FROM ground_lease_lessee ll JOIN party lp ON lp.id = ll.party_id
                                WHERE ll.lease_id = l.id)::text AS lessees,
                               (SELECT jsonb_agg(jsonb_build_object('id', p.id, 'code', p.code, 'name', p.name,
                                                                    'areaSquareMetres', round(p.area_m2::numeric, 2))
                                                 ORDER BY p.code)
                                FROM ground_lease_parcel gp JOIN parcel p ON p.id = gp.parcel_id
                                WHERE gp.lease_id = l.id)::text AS parcels
                        FROM ground_lease l
                        JOIN trust t ON t.id = l.trust_id
                        WHERE l.status NOT IN ('draft', 'cancelled')
                          AND l.id IN (SELECT lease_id FROM ground_lease_lessee WHERE party_id IN (SELECT id FROM mine))
                        ORDER BY l.status = 'active' DESC, l.starts_on DESC, l.id
                        """)
                .bind("user", userId)
                .bind("asOf", asOf)
                .list(row -> new LeaseRow(
                        row.getLong("id"),
                        row.getString("code"),
                        new MyLease.Trust(row.getString("trust"), row.getString("trust_name")),
                        row.getString("status"),
                        row.getDate("starts_on"),
                        row.getDate("ends_on"),
                        row.findDate("closed_on"),
                        row.getString("permitted_use"),
                        row.getString("fee_amount"),
                        row.getString("currency"),
                        row.getString("fee_period"),
                        json.readTree(row.getString("lessees")),
                        json.readTree(row.getString("parcels"))));
    }

    /** The words a lessee reads, in their language. */
    private record Labels(Map<String, String> words) {

        static Labels of(Locale locale) {
            return locale.getLanguage().equals("es") ? new Labels(SPANISH) : new Labels(ENGLISH);
        }

        String status(String code) {
            return words.getOrDefault("status." + code, code);
        }

        String use(String code) {
            return words.getOrDefault("use." + code, code);
        }

        String period(String code) {
            return words.getOrDefault("period." + code, code);
        }

        private static final Map<String, String> SPANISH = Map.ofEntries(
                Map.entry("status.active", "Vigente"),
                Map.entry("status.assigned", "Cedido"),
                Map.entry("status.terminated", "Rescindido"),
                Map.entry("status.expired", "Vencido"),
                Map.entry("use.residential", "Habitacional"),
                Map.entry("use.agricultural", "Agrícola"),
                Map.entry("use.commercial", "Comercial"),
                Map.entry("use.mixed", "Mixto"),
                Map.entry("period.monthly", "Mensual"),
                Map.entry("period.quarterly", "Trimestral"),
                Map.entry("period.annual", "Anual"));

        private static final Map<String, String> ENGLISH = Map.ofEntries(
                Map.entry("status.active", "Active"),
                Map.entry("status.assigned", "Assigned"),
                Map.entry("status.terminated", "Terminated"),
                Map.entry("status.expired", "Expired"),
                Map.entry("use.residential", "Residential"),
                Map.entry("use.agricultural", "Agricultural"),
                Map.entry("use.commercial", "Commercial"),
                Map.entry("use.mixed", "Mixed"),
                Map.entry("period.monthly", "Monthly"),
                Map.entry("period.quarterly", "Quarterly"),
                Map.entry("period.annual", "Annual"));
    }
}
