package org.tierra.ledger;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.tierra.testing.TestDatabase;

/**
 * Signed leases written straight into the database, for ledger tests: a parcel of its own, a lessee
 * household (or the party of a given account), the lease, then its activation, in one transaction.
 */
public final class LedgerFixtures {

    private static final AtomicInteger parcels = new AtomicInteger();

    private LedgerFixtures() {}

    /** What to create; {@code null} fields keep the column's default or stay empty. */
    public record LeaseSpec(
            String trust,
            String code,
            String startsOn,
            String endsOn,
            String fee,
            String currency,
            String feePeriod,
            String escalation,
            String escalationPercent,
            String escalationIndex,
            String lesseeUsername,
            boolean active) {

        public LeaseSpec from(String start, String end) {
            return new LeaseSpec(
                    trust,
                    code,
                    start,
                    end,
                    fee,
                    currency,
                    feePeriod,
                    escalation,
                    escalationPercent,
                    escalationIndex,
                    lesseeUsername,
                    active);
        }

        public LeaseSpec fee(String amount, String currencyCode, String period) {
            return new LeaseSpec(
                    trust,
                    code,
                    startsOn,
                    endsOn,
                    amount,
                    currencyCode,
                    period,
                    escalation,
                    escalationPercent,
                    escalationIndex,
                    lesseeUsername,
                    active);
        }

        public LeaseSpec escalating(String kind, String percent, String index) {
            return new LeaseSpec(
                    trust,
                    code,
                    startsOn,
                    endsOn,
                    fee,
                    currency,
                    feePeriod,
                    kind,
                    percent,
                    index,
                    lesseeUsername,
                    active);
        }

        public LeaseSpec heldBy(String username) {
            return new LeaseSpec(
                    trust,
                    code,
                    startsOn,
                    endsOn,
                    fee,
                    currency,
                    feePeriod,
                    escalation,
                    escalationPercent,
                    escalationIndex,
                    username,
                    active);
        }

        public LeaseSpec draft() {
            return new LeaseSpec(
                    trust,
                    code,
                    startsOn,
                    endsOn,
                    fee,
                    currency,
                    feePeriod,
                    escalation,
                    escalationPercent,
                    escalationIndex,
                    lesseeUsername,
                    false);
        }
    }

    /** A monthly lease of 1000.00 MXN from 2025-01-01 for 99 years, held by a household, active. */
    public static LeaseSpec lease(String trust, String code) {
        return new LeaseSpec(
                trust, code, "2025-01-01", "2124-01-01", "1000.00", "MXN", "monthly", "none", null, null, null, true);
    }

    /** Creates the lease and returns its id. */
    public static long create(TestDatabase database, LeaseSpec spec) {
        int n = parcels.incrementAndGet();
        double lon = -96.95 + (n % 100) * 0.001;
        double lat = 16.80 + Math.floorDiv(n, 100) * 0.001;
        String trust = "(SELECT id FROM trust WHERE code = '" + spec.trust() + "')";
        String party = spec.lesseeUsername() == null
                ? "(SELECT id FROM party WHERE name = 'Hogar " + spec.code() + "' AND trust_id = " + trust + ")"
                : "(SELECT id FROM party WHERE trust_id = " + trust
                        + " AND user_id = (SELECT id FROM app_user WHERE username = '" + spec.lesseeUsername()
                        + "'))";
        String lease = "(SELECT id FROM ground_lease WHERE code = '" + spec.code() + "' AND trust_id = " + trust + ")";
        database.execute(String.format(
                Locale.ROOT,
                """
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                VALUES (%1$s, 'LP-%2$s', 'clt_leasehold', 'residential',
                        ST_Multi(ST_MakeEnvelope(%3$f, %4$f, %5$f, %6$f, 4326)));
                INSERT INTO party (trust_id, kind, name, user_id)
                VALUES (%1$s, 'household', 'Hogar %2$s', (SELECT id FROM app_user WHERE username = %7$s))
                ON CONFLICT DO NOTHING;
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount, currency,
                                          fee_period, escalation, escalation_percent, escalation_index)
                VALUES (%1$s, '%2$s', '%8$s', '%9$s', 'residential', %10$s, '%11$s', '%12$s', '%13$s', %14$s, %15$s);
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                VALUES (%16$s, (SELECT id FROM parcel WHERE code = 'LP-%2$s' AND trust_id = %1$s), %1$s);
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                VALUES (%16$s, %17$s, %1$s, 1, 1);
                %18$s
                """,
                trust,
                spec.code(),
                lon,
                lat,
                lon + 0.0004,
                lat + 0.0004,
                spec.lesseeUsername() == null ? "NULL" : "'" + spec.lesseeUsername() + "'",
                spec.startsOn(),
                spec.endsOn(),
                spec.fee(),
                spec.currency(),
                spec.feePeriod(),
                spec.escalation(),
                spec.escalationPercent() == null ? "NULL" : spec.escalationPercent(),
                spec.escalationIndex() == null ? "NULL" : "'" + spec.escalationIndex() + "'",
                lease,
                party,
                spec.active()
                        ? "UPDATE ground_lease SET status = 'active', version = version + 1 WHERE id = " + lease + ";"
                        : ""));
        return database.queryLong(
                "SELECT id FROM ground_lease WHERE code = '" + spec.code() + "' AND trust_id = " + trust);
    }

    /** Closes the lease early, as a termination. */
    public static void terminate(TestDatabase database, long leaseId, String closedOn) {
        database.execute("UPDATE ground_lease SET status = 'terminated', closed_on = '" + closedOn
                + "', close_reason = 'test', version = version + 1 WHERE id = " + leaseId);
    }
}
