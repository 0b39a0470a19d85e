package org.tierra.testing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parties and ground leases written straight into the database, as the leases feature would leave them,
 * for tests that need them as given facts rather than as what they test. One place writes every test
 * lease: {@code LeaseFixtures.lease("ftc-jacarandas", "L-1").from("2025-01-01", "2124-01-01")
 * .heldBy("demo-farmer").create(database)}.
 */
public final class LeaseFixtures {

    private static final AtomicInteger ownParcels = new AtomicInteger();

    private LeaseFixtures() {}

    /**
     * A lease to write: by default a monthly fee of 1000.00 MXN from 2025-01-01 for 99 years, without
     * escalation, on a small parcel of its own, held wholly by a household of its own, signed (active).
     */
    public static final class Lease {
        private final String trust;
        private final String code;
        private String startsOn = "2025-01-01";
        private String endsOn = "2124-01-01";
        private String fee = "1000.00";
        private String currency = "MXN";
        private String feePeriod = "monthly";
        private String escalation = "none";
        private String escalationPercent;
        private String escalationIndex;
        private Long parcelId;
        private Long partyId;
        private String lesseeUsername;
        private boolean active = true;

        private Lease(String trust, String code) {
            this.trust = trust;
            this.code = code;
        }

        /** In force from {@code start} until the day before {@code end} (both ISO dates). */
        public Lease from(String start, String end) {
            startsOn = start;
            endsOn = end;
            return this;
        }

        public Lease fee(String amount, String currencyCode, String period) {
            fee = amount;
            currency = currencyCode;
            feePeriod = period;
            return this;
        }

        /** {@code percent} for {@code fixed_percent}, {@code index} for {@code index_linked}; null otherwise. */
        public Lease escalating(String kind, String percent, String index) {
            escalation = kind;
            escalationPercent = percent;
            escalationIndex = index;
            return this;
        }

        /** On an existing parcel of the trust instead of one of its own. */
        public Lease onParcel(long parcel) {
            parcelId = parcel;
            return this;
        }

        /** Held by an existing party of the trust. */
        public Lease heldByParty(long party) {
            partyId = party;
            return this;
        }

        /** Held by the household the account {@code username} signs in as (created for the lease). */
        public Lease heldBy(String username) {
            lesseeUsername = username;
            return this;
        }

        /** Left a draft, never signed. */
        public Lease draft() {
            active = false;
            return this;
        }

        /** Writes the lease, in one transaction so that its shares are whole when checked; returns its id. */
        public long create(TestDatabase database) {
            String trustId = "(SELECT id FROM trust WHERE code = '" + trust + "')";
            String parcel = parcelId != null ? Long.toString(parcelId) : ownParcel(database, trustId);
            String party = partyId != null ? Long.toString(partyId) : household(database, trustId);
            database.execute(String.format(
                    Locale.ROOT,
                    """
                    DO $$
                    DECLARE
                        lease_id bigint;
                    BEGIN
                        INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount,
                                                  currency, fee_period, escalation, escalation_percent, escalation_index)
                        VALUES (%1$s, '%2$s', '%3$s', '%4$s', 'residential', %5$s, '%6$s', '%7$s', '%8$s', %9$s, %10$s)
                        RETURNING id INTO lease_id;
                        INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id) VALUES (lease_id, %11$s, %1$s);
                        INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                        VALUES (lease_id, %12$s, %1$s, 1, 1);
                        %13$s
                    END
                    $$
                    """,
                    trustId,
                    code,
                    startsOn,
                    endsOn,
                    fee,
                    currency,
                    feePeriod,
                    escalation,
                    escalationPercent == null ? "NULL" : escalationPercent,
                    escalationIndex == null ? "NULL" : "'" + escalationIndex + "'",
                    parcel,
                    party,
                    active
                            ? "UPDATE ground_lease SET status = 'active', version = version + 1 WHERE id = lease_id;"
                            : ""));
            return database.queryLong(
                    "SELECT id FROM ground_lease WHERE code = '" + code + "' AND trust_id = " + trustId);
        }

        /** A small parcel for this lease alone, south of the demo's land, on a grid no two leases share. */
        private String ownParcel(TestDatabase database, String trustId) {
            int n = ownParcels.incrementAndGet();
            double lon = -96.95 + (n % 100) * 0.001;
            double lat = 16.80 + Math.floorDiv(n, 100) * 0.001;
            database.execute(String.format(Locale.ROOT, """
                    INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                    VALUES (%s, 'LP-%s', 'clt_leasehold', 'residential', ST_Multi(ST_MakeEnvelope(%f, %f, %f, %f, 4326)))
                    """, trustId, code, lon, lat, lon + 0.0004, lat + 0.0004));
            return Long.toString(database.queryLong(
                    "SELECT id FROM parcel WHERE code = 'LP-" + code + "' AND trust_id = " + trustId));
        }

        /** The household holding the lease: the account's party when one is named (made if missing). */
        private String household(TestDatabase database, String trustId) {
            String account = lesseeUsername == null
                    ? "NULL"
                    : "(SELECT id FROM app_user WHERE username = '" + lesseeUsername + "')";
            database.execute("""
                    INSERT INTO party (trust_id, kind, name, user_id)
                    VALUES (%s, 'household', 'Hogar %s', %s)
                    ON CONFLICT DO NOTHING
                    """.formatted(trustId, code, account));
            return Long.toString(database.queryLong(
                    lesseeUsername == null
                            ? "SELECT id FROM party WHERE name = 'Hogar " + code + "' AND trust_id = " + trustId
                            : "SELECT id FROM party WHERE trust_id = " + trustId + " AND user_id = " + account));
        }
    }

    /** A lease of {@code trust} to describe further, then {@link Lease#create}. */
    public static Lease lease(String trust, String code) {
        return new Lease(trust, code);
    }

    /**
     * A lease of {@code parcelId} held wholly by {@code partyId}, from {@code startsOn} until the day
     * before {@code endsOn}, with a monthly fee of 1500.00 MXN, as a {@code draft} or {@code active}
     * lease; returns its id.
     */
    public static long createLease(
            TestDatabase database,
            String trustCode,
            String code,
            long parcelId,
            long partyId,
            String startsOn,
            String endsOn,
            String status) {
        Lease lease = lease(trustCode, code)
                .from(startsOn, endsOn)
                .fee("1500.00", "MXN", "monthly")
                .onParcel(parcelId)
                .heldByParty(partyId);
        return (status.equals("draft") ? lease.draft() : lease).create(database);
    }

    /** Closes the lease early, as a termination. */
    public static void terminate(TestDatabase database, long leaseId, String closedOn) {
        database.execute("UPDATE ground_lease SET status = 'terminated', closed_on = '" + closedOn
                + "', close_reason = 'test', version = version + 1 WHERE id = " + leaseId);
    }

    /** A person in {@code trustCode}; returns the party's id. */
    public static long createParty(TestDatabase database, String trustCode, String givenNames, String familyNames) {
        String name = givenNames + " " + familyNames;
        database.execute("""
                INSERT INTO party (trust_id, kind, name, given_names, family_names)
                SELECT id, 'person', '%s', '%s', '%s' FROM trust WHERE code = '%s'
                """.formatted(name, givenNames, familyNames, trustCode));
        return database.queryLong("SELECT max(id) FROM party WHERE name = '" + name + "'");
    }

    /**
     * The person the account {@code username} signs in as in {@code trust}: the account's party there
     * when it has one (the demo's, say), else a new person {@code Ana <familyName>} linked to it.
     */
    public static long partyOfAccount(TestDatabase database, String trust, String familyName, String username) {
        String account = "(SELECT id FROM app_user WHERE username = '" + username + "')";
        database.execute("""
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Ana %2$s', 'Ana', '%2$s', %3$s FROM trust t WHERE t.code = '%1$s'
                ON CONFLICT (trust_id, user_id) DO NOTHING
                """.formatted(trust, familyName, account));
        return database.queryLong("SELECT p.id FROM party p JOIN trust t ON t.id = p.trust_id WHERE t.code = '" + trust
                + "' AND p.user_id = " + account);
    }

    /**
     * Links {@code partyId} to the account {@code username}, so that the account reads the party's
     * leases; a party the account was linked to in the same trust (the demo's, say) is unlinked first.
     */
    public static void linkAccount(TestDatabase database, long partyId, String username) {
        database.execute("""
                UPDATE party SET user_id = NULL, version = version + 1
                WHERE user_id = (SELECT id FROM app_user WHERE username = '%2$s')
                  AND trust_id = (SELECT trust_id FROM party WHERE id = %1$d) AND id <> %1$d;
                UPDATE party SET user_id = (SELECT id FROM app_user WHERE username = '%2$s'), version = version + 1
                WHERE id = %1$d;
                """.formatted(partyId, username));
    }

    /**
     * The ids of the trust's parcels that no lease has ever held, in id order; when fewer than eight
     * are left (the demo leases most of the land trust), small new ones are made south of its land.
     */
    public static List<Long> parcelIds(TestDatabase database, String trust) {
        String free = "SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id WHERE t.code = '" + trust
                + "' AND p.status <> 'retired'"
                + " AND NOT EXISTS (SELECT 1 FROM ground_lease_parcel gp WHERE gp.parcel_id = p.id) ORDER BY p.id";
        if (database.queryColumn(free).size() < 8) {
            database.execute("""
                    INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                    SELECT t.id, 'FREE-' || t.id || '-' || i, 'clt_leasehold', 'residential',
                           ST_Multi(ST_MakeEnvelope(-96.85 + i * 0.001, 16.85 + t.id * 0.002,
                                                    -96.85 + i * 0.001 + 0.0005, 16.8505 + t.id * 0.002, 4326))
                    FROM trust t, generate_series(1, 8) AS i
                    WHERE t.code = '%s'
                    ON CONFLICT DO NOTHING
                    """.formatted(trust));
        }
        return database.queryColumn(free).stream().map(Long::valueOf).toList();
    }
}
