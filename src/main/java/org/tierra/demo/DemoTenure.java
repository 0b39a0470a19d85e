package org.tierra.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.db.DatabaseException;
import org.tierra.ledger.Ledger;
import org.tierra.resale.ResaleCalculator;
import org.tierra.resale.ResaleQuote;
import org.tierra.stewardship.ObligationSchedule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo registry's tenure (resource {@code demo/tenure.json}, all invented): parties and their
 * memberships, ground leases on most of the land trust's parcels with fees charged and paid up to
 * today, one household in arrears, an overdue obligation, an assignment with its resale worksheet, and
 * stewardship events. Runs inside the demo load's transaction, after the parcels and accounts; the
 * caller has set the change context the versioning triggers need.
 */
final class DemoTenure {

    private static final String REASON = "demo registry (fictional data)";
    /** The land trust's resale formula, signed by every demo lease with a purchase price. */
    private static final String RESALE_POLICY = "formula-jacarandas";

    private final JsonNode tenure;
    private final Connection connection;
    private final JsonMapper json;
    private final AuditLog audit;
    private final LocalDate today;
    private final Map<String, Long> parties = new HashMap<>();
    private final Map<String, Long> leases = new HashMap<>();
    private final Map<Long, Long> leaseTrusts = new HashMap<>();

    private DemoTenure(Connection connection, JsonMapper json, AuditLog audit, JsonNode tenure, LocalDate today) {
        this.tenure = tenure;
        this.connection = connection;
        this.json = json;
        this.audit = audit;
        this.today = today;
    }

    /** Loads {@code tenure} as of {@code today}; returns how many leases it wrote. */
    static int load(Connection connection, JsonMapper json, AuditLog audit, JsonNode tenure, LocalDate today)
            throws SQLException {
        DemoTenure loader = new DemoTenure(connection, json, audit, tenure, today);
        for (JsonNode policy : tenure.get("resalePolicies")) {
            loader.createPolicy(policy);
        }
        for (JsonNode party : tenure.get("parties")) {
            loader.createParty(party);
        }
        for (JsonNode member : tenure.get("groupMembers")) {
            loader.addGroupMember(member);
        }
        for (JsonNode membership : tenure.get("memberships")) {
            loader.addMembership(membership);
        }
        for (JsonNode lease : tenure.get("leases")) {
            loader.createLease(lease);
        }
        for (JsonNode assignment : tenure.get("assignments")) {
            loader.assign(assignment);
        }
        for (JsonNode event : tenure.get("events")) {
            loader.recordEvent(event);
        }
        for (JsonNode lease : tenure.get("leases")) {
            loader.chargeAndPay(lease);
        }
        for (JsonNode obligation : tenure.get("obligations")) {
            loader.createObligation(obligation);
        }
        return loader.leases.size();
    }

    private static final String INSERT_POLICY = """
            WITH policy AS (
                INSERT INTO resale_policy (trust_id, code, name)
                SELECT id, ?, ? FROM trust WHERE code = ?
                RETURNING id, trust_id
            )
            INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by_name, reason)
            SELECT id, 1, ?, ?::jsonb, 'system', ? FROM policy
            RETURNING policy_id
            """;

    private void createPolicy(JsonNode policy) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_POLICY)) {
            statement.setString(1, text(policy, "code"));
            statement.setString(2, text(policy, "name"));
            statement.setString(3, text(policy, "trust"));
            statement.setString(4, text(policy, "family"));
            statement.setString(5, json.writeValueAsString(policy.get("terms")));
            statement.setString(6, REASON);
            long id = returnedId(statement, INSERT_POLICY);
            audited(trustOf(TRUST_OF_POLICY, id), "resale_policy", id, "create", Map.of("version", 1));
        }
    }

    private static final String INSERT_PARTY = """
            INSERT INTO party (trust_id, kind, name, given_names, family_names, gender, contacts, user_id)
            SELECT t.id, ?, ?, ?, ?, ?, ?::jsonb, (SELECT id FROM app_user WHERE username = ?)
            FROM trust t WHERE t.code = ?
            RETURNING id
            """;

    private void createParty(JsonNode party) throws SQLException {
        String kind = text(party, "kind");
        Optional<String> given = optionalText(party, "givenNames");
        Optional<String> family = optionalText(party, "familyNames");
        String name = optionalText(party, "name").orElseGet(() -> given.orElseThrow() + " " + family.orElseThrow());
        long id;
        try (PreparedStatement statement = connection.prepareStatement(INSERT_PARTY)) {
            statement.setString(1, kind);
            statement.setString(2, name);
            statement.setString(3, given.orElse(null));
            statement.setString(4, family.orElse(null));
            statement.setString(5, optionalText(party, "gender").orElse(null));
            statement.setString(6, party.has("contacts") ? json.writeValueAsString(party.get("contacts")) : "[]");
            statement.setString(7, optionalText(party, "account").orElse(null));
            statement.setString(8, text(party, "trust"));
            id = returnedId(statement, INSERT_PARTY);
        }
        parties.put(text(party, "key"), id);
        audited(trustOfParty(id), "party", id, "create", Map.of("kind", kind));
    }

    private static final String INSERT_GROUP_MEMBER = """
            INSERT INTO party_group_member (trust_id, group_id, member_id, role, valid_during)
            SELECT trust_id, ?, ?, ?, daterange(?, NULL) FROM party WHERE id = ?
            """;

    private void addGroupMember(JsonNode member) throws SQLException {
        long group = parties.get(text(member, "group"));
        try (PreparedStatement statement = connection.prepareStatement(INSERT_GROUP_MEMBER)) {
            statement.setLong(1, group);
            statement.setLong(2, parties.get(text(member, "member")));
            statement.setString(3, text(member, "role"));
            statement.setObject(4, LocalDate.parse(text(member, "from")));
            statement.setLong(5, group);
            statement.executeUpdate();
        }
        audited(trustOfParty(group), "party", group, "add-member", Map.of("role", text(member, "role")));
    }

    private static final String INSERT_MEMBERSHIP = """
            INSERT INTO party_membership (trust_id, party_id, role, seat_class, valid_during)
            SELECT trust_id, id, ?, ?, daterange(?, NULL) FROM party WHERE id = ?
            """;

    private void addMembership(JsonNode membership) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MEMBERSHIP)) {
            statement.setString(1, text(membership, "role"));
            statement.setString(2, optionalText(membership, "seatClass").orElse(null));
            statement.setObject(3, LocalDate.parse(text(membership, "from")));
            long party = parties.get(text(membership, "party"));
            statement.setLong(4, party);
            statement.executeUpdate();
            audited(trustOfParty(party), "party", party, "add-membership", Map.of("role", text(membership, "role")));
        }
    }

    /** The terms of a demo lease; residential leases carry the trust's resale formula. */
    private record LeaseTerms(
            String code,
            LocalDate startsOn,
            String permittedUse,
            BigDecimal fee,
            String period,
            boolean escalates,
            Optional<BigDecimal> purchasePrice,
            Optional<BigDecimal> purchaseAppraisal) {}

    private void createLease(JsonNode lease) throws SQLException {
        String use = optionalText(lease, "use").orElse("residential");
        LeaseTerms terms = new LeaseTerms(
                text(lease, "code"),
                LocalDate.parse(text(lease, "startsOn")),
                use,
                money(text(lease, "fee")),
                optionalText(lease, "period").orElse("monthly"),
                !optionalText(lease, "escalation").orElse("fixed_percent").equals("none"),
                optionalText(lease, "purchase").map(DemoTenure::money),
                optionalText(lease, "appraisal").map(DemoTenure::money));
        long id = insertActiveLease(terms, lease.get("parcels"), lease.get("lessees"));
        leases.put(terms.code(), id);
    }

    private static final String INSERT_LEASE = """
            INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount, currency,
                                      fee_period, escalation, escalation_percent, resale_policy_id,
                                      resale_policy_version, purchase_price, purchase_appraisal)
            SELECT p.trust_id, ?, ?, ?::date + interval '99 years', ?, ?, 'MXN', ?, ?, ?, rp.id,
                   (SELECT max(version) FROM resale_policy_version WHERE policy_id = rp.id), ?, ?
            FROM party p
            LEFT JOIN resale_policy rp ON rp.trust_id = p.trust_id AND rp.code = ?
            WHERE p.id = ?
            RETURNING id
            """;

    private static final String INSERT_LEASE_PARCEL = """
            INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
            SELECT l.id, p.id, l.trust_id FROM ground_lease l JOIN parcel p ON p.trust_id = l.trust_id AND p.code = ?
            WHERE l.id = ?
            """;

    private static final String INSERT_LESSEE = """
            INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
            SELECT id, ?, trust_id, ?, ? FROM ground_lease WHERE id = ?
            """;

    private static final String ACTIVATE = """
            UPDATE ground_lease SET status = 'active', version = version + 1, updated_at = now() WHERE id = ?
            RETURNING trust_id
            """;

    private long insertActiveLease(LeaseTerms terms, JsonNode parcelCodes, JsonNode lessees) throws SQLException {
        long firstLessee = parties.get(text(lessees.get(0), "party"));
        long id;
        try (PreparedStatement statement = connection.prepareStatement(INSERT_LEASE)) {
            statement.setString(1, terms.code());
            statement.setObject(2, terms.startsOn());
            statement.setObject(3, terms.startsOn());
            statement.setString(4, terms.permittedUse());
            statement.setBigDecimal(5, terms.fee());
            statement.setString(6, terms.period());
            statement.setString(7, terms.escalates() ? "fixed_percent" : "none");
            statement.setBigDecimal(8, terms.escalates() ? new BigDecimal("3") : null);
            statement.setBigDecimal(9, terms.purchasePrice().orElse(null));
            statement.setBigDecimal(10, terms.purchaseAppraisal().orElse(null));
            statement.setString(11, terms.purchasePrice().isPresent() ? RESALE_POLICY : null);
            statement.setLong(12, firstLessee);
            id = returnedId(statement, INSERT_LEASE);
        }
        for (JsonNode parcel : parcelCodes) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_LEASE_PARCEL)) {
                statement.setString(1, parcel.asString());
                statement.setLong(2, id);
                if (statement.executeUpdate() != 1) {
                    throw new IllegalStateException("demo lease " + terms.code() + " names unknown parcel " + parcel);
                }
            }
        }
        for (JsonNode lessee : lessees) {
            String[] share = text(lessee, "share").split("/", -1);
            try (PreparedStatement statement = connection.prepareStatement(INSERT_LESSEE)) {
                statement.setLong(1, parties.get(text(lessee, "party")));
                statement.setInt(2, Integer.parseInt(share[0]));
                statement.setInt(3, share.length == 2 ? Integer.parseInt(share[1]) : 1);
                statement.setLong(4, id);
                statement.executeUpdate();
            }
        }
        long trustId;
        try (PreparedStatement statement = connection.prepareStatement(ACTIVATE)) {
            statement.setLong(1, id);
            trustId = returnedId(statement, ACTIVATE);
        }
        leaseTrusts.put(id, trustId);
        audited(trustId, "lease", id, "create", Map.of("code", terms.code(), "status", "active"));
        return id;
    }

    private static final String CLOSE_AS_ASSIGNED = """
            UPDATE ground_lease
            SET status = 'assigned', closed_on = ?, close_reason = ?, version = version + 1, updated_at = now()
            WHERE id = ?
            """;

    private static final String INSERT_ASSIGNMENT = """
            INSERT INTO lease_assignment (from_lease_id, to_lease_id, trust_id, assigned_on, resale_price, currency,
                                          resale_policy_id, resale_policy_version, worksheet)
            SELECT ?, ?, trust_id, ?, ?, currency, ?, ?, ?::jsonb FROM ground_lease WHERE id = ?
            """;

    /**
     * The sale of a home to the next household: the price comes from the resale engine, as it would
     * through {@code POST /api/v1/leases/{id}/assign}; the next lease keeps the fee and takes the price.
     */
    private void assign(JsonNode assignment) throws SQLException {
        long from = leases.get(text(assignment, "lease"));
        LocalDate on = LocalDate.parse(text(assignment, "on"));
        BigDecimal appraisal = money(text(assignment, "currentAppraisal"));
        ResaleQuote quote = ResaleCalculator.quoteForLease(connection, from, on, Optional.of(appraisal));
        try (PreparedStatement statement = connection.prepareStatement(CLOSE_AS_ASSIGNED)) {
            statement.setObject(1, on);
            statement.setString(2, "Venta de las mejoras a la siguiente familia al precio de la fórmula");
            statement.setLong(3, from);
            statement.executeUpdate();
        }
        JsonNode original = leaseNamed(text(assignment, "lease"));
        LeaseTerms terms = new LeaseTerms(
                text(assignment, "code"),
                on,
                "residential",
                money(text(original, "fee")),
                "monthly",
                true,
                Optional.of(quote.price()),
                Optional.of(appraisal));
        long to = insertActiveLease(terms, original.get("parcels"), assignment.get("lessees"));
        leases.put(terms.code(), to);
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ASSIGNMENT)) {
            statement.setLong(1, from);
            statement.setLong(2, to);
            statement.setObject(3, on);
            statement.setBigDecimal(4, quote.price());
            statement.setLong(5, quote.policyId());
            statement.setInt(6, quote.policyVersion());
            statement.setString(7, json.writeValueAsString(quote.worksheet()));
            statement.setLong(8, from);
            statement.executeUpdate();
        }
        audited(
                leaseTrusts.get(from),
                "lease",
                from,
                "assign",
                Map.of("to", to, "resalePrice", quote.price().toPlainString(), "currency", quote.currency()));
    }

    private JsonNode leaseNamed(String code) {
        for (JsonNode lease : tenure.get("leases")) {
            if (text(lease, "code").equals(code)) {
                return lease;
            }
        }
        throw new IllegalStateException("demo tenure: no lease " + code);
    }

    // Each household pays each charge within a few days of falling due (never after today), up to
    // "paidUntil" ("current", or "months-ago:N" for the household in arrears).
    private static final String PAY_CHARGES = """
            INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, reference, created_by_name)
            SELECT trust_id, lease_id, 'payment', -amount, currency, least(due_on + (id % 6)::integer, ?::date),
                   'Recibo ' || to_char(due_on, 'YYYY-MM'), 'system'
            FROM ledger_entry
            WHERE lease_id = ? AND kind = 'charge' AND amount > 0 AND due_on <= ?
            ORDER BY entry_date
            """;

    private void chargeAndPay(JsonNode lease) throws SQLException {
        String code = text(lease, "code");
        LocalDate paidUntil = text(lease, "paidUntil").startsWith("months-ago:")
                ? today.minusMonths(Long.parseLong(text(lease, "paidUntil").substring("months-ago:".length())))
                : today;
        for (String each : List.of(code, code + "-B")) {
            Long id = leases.get(each);
            if (id == null) {
                continue;
            }
            int charges = Ledger.createChargesThrough(connection, id, today, "system");
            int payments;
            try (PreparedStatement statement = connection.prepareStatement(PAY_CHARGES)) {
                statement.setObject(1, today);
                statement.setLong(2, id);
                statement.setObject(3, paidUntil);
                payments = statement.executeUpdate();
            }
            audited(
                    leaseTrusts.get(id),
                    "lease",
                    id,
                    "charge",
                    Map.of("through", today.toString(), "created", charges, "payments", payments));
        }
    }

    private static final String INSERT_OBLIGATION = """
            INSERT INTO obligation (trust_id, lease_id, kind, first_due_on, every_months)
            SELECT trust_id, id, ?, ?, ? FROM ground_lease WHERE id = ?
            RETURNING id
            """;

    private static final String INSERT_FULFILMENT = """
            INSERT INTO obligation_fulfilment (obligation_id, trust_id, due_on, fulfilled_on, notes, created_by_name)
            SELECT id, trust_id, ?, ?, 'Entregado en la oficina del fideicomiso', 'system' FROM obligation WHERE id = ?
            """;

    /** An obligation met on each due date up to "fulfilledThrough" ("all": every date before today). */
    private void createObligation(JsonNode obligation) throws SQLException {
        LocalDate first = LocalDate.parse(text(obligation, "firstDueOn"));
        int everyMonths = obligation.get("everyMonths").asInt();
        long id;
        try (PreparedStatement statement = connection.prepareStatement(INSERT_OBLIGATION)) {
            statement.setString(1, text(obligation, "kind"));
            statement.setObject(2, first);
            statement.setInt(3, everyMonths);
            long lease = leases.get(text(obligation, "lease"));
            statement.setLong(4, lease);
            id = returnedId(statement, INSERT_OBLIGATION);
            audited(leaseTrusts.get(lease), "obligation", id, "create", Map.of("lease", lease));
        }
        String through = text(obligation, "fulfilledThrough");
        LocalDate last = through.equals("all") ? today.minusDays(1) : LocalDate.parse(through);
        ObligationSchedule schedule = new ObligationSchedule(first, Optional.of(everyMonths), last);
        for (LocalDate due : schedule.listDueDatesBefore(last.plusDays(1))) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_FULFILMENT)) {
                statement.setObject(1, due);
                statement.setObject(2, due.minusDays(7));
                statement.setLong(3, id);
                statement.executeUpdate();
            }
        }
    }

    private static final String INSERT_EVENT = """
            INSERT INTO stewardship_event (trust_id, parcel_id, kind, occurred_on, notes, improvement_value, currency,
                                           cures_event_id, created_by_name)
            SELECT p.trust_id, p.id, ?, ?, ?, ?, CASE WHEN ?::numeric IS NULL THEN NULL ELSE 'MXN' END,
                   (SELECT max(v.id) FROM stewardship_event v
                    WHERE v.parcel_id = p.id AND v.kind = 'violation' AND ? = 'cure'),
                   'system'
            FROM parcel p JOIN trust t ON t.id = p.trust_id AND t.code = 'ftc-jacarandas'
            WHERE p.code = ?
            RETURNING id
            """;

    private void recordEvent(JsonNode event) throws SQLException {
        String kind = text(event, "kind");
        BigDecimal value =
                optionalText(event, "improvementValue").map(DemoTenure::money).orElse(null);
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EVENT)) {
            statement.setString(1, kind);
            statement.setObject(2, LocalDate.parse(text(event, "occurredOn")));
            statement.setString(3, text(event, "notes"));
            statement.setBigDecimal(4, value);
            statement.setBigDecimal(5, value);
            statement.setString(6, kind);
            statement.setString(7, text(event, "parcel"));
            long id = returnedId(statement, INSERT_EVENT);
            audited(trustOf(TRUST_OF_EVENT, id), "stewardship_event", id, "create", Map.of("kind", kind));
        }
    }

    private static final String TRUST_OF_PARTY = "SELECT trust_id FROM party WHERE id = ?";
    private static final String TRUST_OF_POLICY = "SELECT trust_id FROM resale_policy WHERE id = ?";
    private static final String TRUST_OF_EVENT = "SELECT trust_id FROM stewardship_event WHERE id = ?";

    private long trustOfParty(long partyId) throws SQLException {
        return trustOf(TRUST_OF_PARTY, partyId);
    }

    private long trustOf(String sql, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            return returnedId(statement, sql);
        }
    }

    private void audited(long trustId, String entity, long id, String action, Map<String, Object> details) {
        audit.record(
                connection,
                Change.bySystem(REASON),
                new AuditEvent(Optional.of(trustId), entity, Long.toString(id), action, details));
    }

    private static long returnedId(PreparedStatement statement, String sql) {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("the demo tenure names something that does not exist: " + sql);
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static String text(JsonNode node, String field) {
        return optionalText(node, field)
                .orElseThrow(() -> new IllegalStateException("demo tenure: '" + field + "' missing in " + node));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }

    static BigDecimal money(String text) {
        return new BigDecimal(text);
    }
}
