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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.Json;
import org.tierra.http.Language;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.ledger.LeaseBalance;
import org.tierra.ledger.Ledger;
import org.tierra.stewardship.ObligationRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/me/leases}: the signed-in person's own leases — held in their own name or by a
 * household or group they currently belong to — with the land, the terms, the fee balance and the
 * obligations due, in Spanish for Spanish-speaking browsers. What a farmer opens on a phone; it reads
 * nothing of other lessees.
 */
public final class MyLeasesRoutes implements RouteGroup {

    private final Database database;
    private final JsonMapper json;

    public MyLeasesRoutes(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/me/leases", this::myLeases, Access.SIGNED_IN);
    }

    private void myLeases(Context ctx) {
        Principal principal = Callers.get(ctx);
        LocalDate asOf =
                QueryParameters.of(ctx, Set.of("asOf")).date("asOf").orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
        Labels labels = Labels.of(Language.of(ctx));
        List<Map<String, Object>> leases = database.inTransaction(connection -> {
            connection.setReadOnly(true);
            List<Map<String, Object>> found = listLeases(connection, principal.userId(), asOf, labels);
            for (Map<String, Object> lease : found) {
                long leaseId = (Long) lease.get("id");
                lease.put("balance", balance(Ledger.balanceOf(connection, leaseId, asOf)));
                lease.put(
                        "obligations",
                        ObligationRoutes.describeObligations(connection, leaseId, asOf, labels.locale()));
            }
            return found;
        });
        ctx.header("Content-Language", labels.language());
        ctx.json(Json.fields("asOf", asOf.toString(), "leases", leases));
    }

    // The user's parties: their own, and the groups they are a member of on asOf. Drafts are the
    // trust's working papers, not yet a lease anyone holds.
    private static final String LEASES = """
            WITH mine AS (
                SELECT p.id FROM party p WHERE p.user_id = ?
                UNION
                SELECT m.group_id FROM party_group_member m JOIN party p ON p.id = m.member_id
                WHERE p.user_id = ? AND m.valid_during @> ?::date
            )
            SELECT l.id, l.code, t.code AS trust, t.name AS trust_name, l.status, l.starts_on, l.ends_on, l.closed_on,
                   l.permitted_use, l.fee_amount::text AS fee_amount, l.currency, l.fee_period,
                   (SELECT jsonb_agg(jsonb_build_object('party', lp.id, 'name', lp.name,
                                                        'share', ll.share_numerator || '/' || ll.share_denominator)
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
            """;

    private List<Map<String, Object>> listLeases(Connection connection, long userId, LocalDate asOf, Labels labels)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LEASES)) {
            statement.setLong(1, userId);
            statement.setLong(2, userId);
            statement.setObject(3, asOf);
            List<Map<String, Object>> leases = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String status = rows.getString("status");
                    String use = rows.getString("permitted_use");
                    String period = rows.getString("fee_period");
                    LocalDate closedOn = rows.getObject("closed_on", LocalDate.class);
                    leases.add(Json.fields(
                            "id", rows.getLong("id"),
                            "code", rows.getString("code"),
                            "trust", Json.fields("code", rows.getString("trust"), "name", rows.getString("trust_name")),
                            "status", status,
                            "statusLabel", labels.status(status),
                            "startsOn",
                                    rows.getObject("starts_on", LocalDate.class).toString(),
                            "endsOn", rows.getObject("ends_on", LocalDate.class).toString(),
                            "closedOn", closedOn == null ? null : closedOn.toString(),
                            "permittedUse", use,
                            "permittedUseLabel", labels.use(use),
                            "fee",
                                    Json.fields(
                                            "amount", rows.getString("fee_amount"),
                                            "currency", rows.getString("currency"),
                                            "period", period,
                                            "periodLabel", labels.period(period)),
                            "lessees", json.readTree(rows.getString("lessees")),
                            "parcels", json.readTree(rows.getString("parcels"))));
                }
            }
            return leases;
        } catch (SQLException e) {
            throw new DatabaseException(LEASES, e);
        }
    }

    private static Map<String, Object> balance(LeaseBalance balance) {
        return Json.fields(
                "amount", balance.balance().toPlainString(),
                "currency", balance.currency(),
                "daysInArrears", balance.daysInArrears(),
                "oldestUnpaidDueOn",
                        balance.oldestUnpaidDueOn().map(LocalDate::toString).orElse(null));
    }

    /** The words a lessee reads, in their language. */
    private record Labels(Locale locale, Map<String, String> words) {

        static Labels of(Locale locale) {
            return locale.getLanguage().equals("es") ? new Labels(locale, SPANISH) : new Labels(locale, ENGLISH);
        }

        String language() {
            return locale.getLanguage();
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
