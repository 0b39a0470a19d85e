package org.tierra.stewardship;

import java.util.List;
import org.tierra.testing.TestDatabase;

/**
 * Ground leases written straight by SQL, as the leases feature would leave them: a party, a draft
 * lease with one parcel and one lessee holding the whole share, then (optionally) activated.
 */
public final class LeaseFixtures {

    private LeaseFixtures() {}

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

    /**
     * A person of {@code trust}; the account {@code username} signs in as them when not null — unless
     * that account already is a party of the trust (the demo's, say): then that party.
     */
    public static long createParty(TestDatabase database, String trust, String familyName, String username) {
        String account = username == null ? "NULL" : "(SELECT id FROM app_user WHERE username = '" + username + "')";
        database.execute("""
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Ana %2$s', 'Ana', '%2$s', %3$s FROM trust t WHERE t.code = '%1$s'
                ON CONFLICT (trust_id, user_id) DO NOTHING
                """.formatted(trust, familyName, account));
        return database.queryLong(
                username == null
                        ? "SELECT max(id) FROM party WHERE family_names = '" + familyName + "'"
                        : "SELECT p.id FROM party p JOIN trust t ON t.id = p.trust_id WHERE t.code = '" + trust
                                + "' AND p.user_id = " + account);
    }

    /** A lease of {@code parcelId} to {@code partyId}, in force from {@code startsOn} until the day before {@code endsOn}. */
    public static long createLease(
            TestDatabase database,
            String code,
            long parcelId,
            long partyId,
            String startsOn,
            String endsOn,
            boolean activate) {
        String trust = database.queryColumn(
                        "SELECT t.code FROM parcel p JOIN trust t ON t.id = p.trust_id WHERE p.id = " + parcelId)
                .get(0);
        return org.tierra.testing.LeaseFixtures.createLease(
                database, trust, code, parcelId, partyId, startsOn, endsOn, activate ? "active" : "draft");
    }

    /** A point on the parcel's surface as GeoJSON, moved {@code northDegrees} north. */
    public static String pointOn(TestDatabase database, long parcelId, double northDegrees) {
        return database.queryColumn("SELECT ST_AsGeoJSON(ST_Translate(ST_PointOnSurface(geom), 0, " + northDegrees
                        + ")) FROM parcel WHERE id = " + parcelId)
                .get(0);
    }
}
