package org.tierra.testing;

/**
 * Parties and leases written straight into the database, for tests that need them as given facts
 * (the parties feature has its own routes; these fixtures do not depend on them).
 */
public final class LeaseFixtures {

    private LeaseFixtures() {}

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
     * A lease of {@code parcelId} held wholly by {@code partyId}, from {@code startsOn} until the day
     * before {@code endsOn}, as a {@code draft} or {@code active} lease; returns its id.
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
        // One DO block is one transaction: the lease is whole when the deferred check runs at commit.
        database.execute("""
                DO $$
                DECLARE
                    lease_id bigint;
                    trust bigint := (SELECT id FROM trust WHERE code = '%s');
                BEGIN
                    INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount)
                    VALUES (trust, '%s', '%s', '%s', 'residential', 1500.00) RETURNING id INTO lease_id;
                    INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id) VALUES (lease_id, %d, trust);
                    INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                    VALUES (lease_id, %d, trust, 1, 1);
                    IF '%s' <> 'draft' THEN
                        UPDATE ground_lease SET status = '%s', version = version + 1 WHERE id = lease_id;
                    END IF;
                END
                $$
                """.formatted(trustCode, code, startsOn, endsOn, parcelId, partyId, status, status));
        return database.queryLong("SELECT id FROM ground_lease WHERE code = '" + code + "'");
    }
}
