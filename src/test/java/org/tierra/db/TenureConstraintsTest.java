package org.tierra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;

/**
 * The tenure invariants held by PostgreSQL itself (migration V6), tested with plain SQL so that they
 * hold whatever the application does: one lease in force per parcel (even under concurrent commits),
 * exact shares, frozen lease rows, same-trust references, the append-only ledger in the lease's
 * currency, versions of every change, document checksums and event locations.
 */
class TenureConstraintsTest {

    private TestDatabase database;

    @BeforeEach
    void trustWithTwoParcelsAndThreePeople() {
        database = TestPostgres.freshDatabase();
        database.execute("""
                INSERT INTO trust (code, name, kind) VALUES ('clt-a', 'A', 'community_land_trust'),
                                                            ('clt-b', 'B', 'community_land_trust');
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT t.id, c.code, 'clt_leasehold', 'residential', ST_Multi(ST_MakeEnvelope(c.x, 17, c.x + 0.001, 17.001, 4326))
                FROM trust t, (VALUES ('L-1', -96.700), ('L-2', -96.698), ('L-3', -96.696)) AS c(code, x)
                WHERE t.code = 'clt-a';
                INSERT INTO party (trust_id, kind, name, given_names, family_names)
                SELECT t.id, 'person', p.name, p.name, 'Prueba' FROM trust t, (VALUES ('Ana'), ('Beto'), ('Carla')) AS p(name)
                WHERE t.code = 'clt-a';
                INSERT INTO party (trust_id, kind, name, given_names, family_names)
                SELECT id, 'person', 'Foránea', 'Foránea', 'Prueba' FROM trust WHERE code = 'clt-b';
                """);
    }

    @Test
    void sharesAddUpToExactlyOneAtCommit() {
        database.execute(draftLease("THIRDS", "L-1", "2020-01-01", "2119-01-01")
                + lessee("THIRDS", "Ana", 1, 3)
                + lessee("THIRDS", "Beto", 1, 3)
                + lessee("THIRDS", "Carla", 1, 3)
                + activate("THIRDS"));
        assertThat(database.queryColumn("SELECT status FROM ground_lease WHERE code = 'THIRDS'"))
                .containsExactly("active");

        assertRefused(
                draftLease("TOO-MUCH", "L-2", "2020-01-01", "2119-01-01")
                        + lessee("TOO-MUCH", "Ana", 1, 2)
                        + lessee("TOO-MUCH", "Beto", 3, 5),
                "23514",
                "add up to 11/10, not 1");
        assertRefused(draftLease("NOBODY", "L-2", "2020-01-01", "2119-01-01"), "23514", "add up to 0/1, not 1");
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease WHERE code IN ('TOO-MUCH', 'NOBODY')"))
                .isZero();
    }

    @Test
    void aParcelHoldsOneLeaseInForceOnAnyDay() {
        database.execute(wholeLease("FIRST", "L-1", "2020-01-01", "2030-01-01", "Ana") + activate("FIRST"));

        assertRefused(
                wholeLease("OVERLAP", "L-1", "2029-12-31", "2040-01-01", "Beto") + activate("OVERLAP"),
                "23P01",
                "ground_lease_parcel_one_lease_at_a_time");
        // The next lease may start the day the first ends; a draft holds no days at all.
        database.execute(wholeLease("NEXT", "L-1", "2030-01-01", "2040-01-01", "Beto") + activate("NEXT"));
        database.execute(wholeLease("DRAFT", "L-1", "2025-01-01", "2035-01-01", "Carla"));
        assertThat(database.queryColumn("SELECT code FROM ground_lease ORDER BY code"))
                .containsExactly("DRAFT", "FIRST", "NEXT");
    }

    @Test
    void closingALeaseFreesItsParcelFromThatDay() {
        database.execute(wholeLease("FIRST", "L-1", "2020-01-01", "2119-01-01", "Ana") + activate("FIRST"));
        database.execute("""
                UPDATE ground_lease SET status = 'terminated', closed_on = '2024-06-30', close_reason = 'mutual agreement',
                       version = version + 1 WHERE code = 'FIRST';
                """);
        database.execute(wholeLease("AFTER", "L-1", "2024-06-30", "2123-06-30", "Beto") + activate("AFTER"));
        assertThat(
                        database.queryColumn(
                                "SELECT in_force::text FROM ground_lease_parcel gp JOIN ground_lease l ON l.id = gp.lease_id ORDER BY l.code"))
                .containsExactly("[2024-06-30,2123-06-30)", "[2020-01-01,2024-06-30)");
    }

    @Test
    void concurrentActivationsCannotBothHoldTheParcel() throws Exception {
        database.execute(wholeLease("ONE", "L-1", "2020-01-01", "2119-01-01", "Ana"));
        database.execute(wholeLease("TWO", "L-1", "2021-01-01", "2120-01-01", "Beto"));
        CountDownLatch bothActivated = new CountDownLatch(1);
        try (Connection first = actor(database.connect());
                Connection second = actor(database.connect())) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            first.createStatement().execute(activate("ONE"));
            // The second activation waits on the first's uncommitted row, then fails when it commits.
            CompletableFuture<String> secondOutcome = CompletableFuture.supplyAsync(() -> {
                try (Statement statement = second.createStatement()) {
                    bothActivated.countDown();
                    statement.execute(activate("TWO"));
                    second.commit();
                    return "committed";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
            bothActivated.await(5, TimeUnit.SECONDS);
            Thread.sleep(200);
            first.commit();
            assertThat(secondOutcome.get(10, TimeUnit.SECONDS)).isEqualTo("23P01");
        }
        assertThat(database.queryColumn("SELECT code FROM ground_lease WHERE status = 'active'"))
                .containsExactly("ONE");
    }

    @Test
    void aRetiredParcelTakesNoNewLease() {
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE code = 'L-3'");
        assertRefused(
                wholeLease("ON-RETIRED", "L-3", "2020-01-01", "2119-01-01", "Ana"),
                "23514",
                "is retired and cannot be leased");
    }

    @Test
    void aLeaseKeepsItsLesseesAndParcelsOnceActive() {
        database.execute(wholeLease("FIXED", "L-1", "2020-01-01", "2119-01-01", "Ana") + activate("FIXED"));
        assertRefused(lessee("FIXED", "Beto", 1, 2), "23514", "fixed once it leaves draft");
        assertRefused(
                "DELETE FROM ground_lease_lessee WHERE lease_id = (SELECT id FROM ground_lease WHERE code = 'FIXED')",
                "23514",
                "fixed once it leaves draft");
        assertRefused("""
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT l.id, p.id, l.trust_id FROM ground_lease l, parcel p WHERE l.code = 'FIXED' AND p.code = 'L-2'
                """, "23514", "fixed once it leaves draft");
    }

    @Test
    void aLeaseNamesOnlyPartiesOfItsOwnTrust() {
        assertRefused(
                draftLease("FOREIGN", "L-1", "2020-01-01", "2119-01-01") + lessee("FOREIGN", "Foránea", 1, 1),
                "23503",
                "ground_lease_lessee");
    }

    @Test
    void theLedgerIsAppendOnlyOnePerPeriodAndInTheLeaseCurrency() {
        database.execute(wholeLease("FEES", "L-1", "2020-01-01", "2119-01-01", "Ana") + activate("FEES"));
        database.execute(charge("FEES", "MXN", "2020-01-01"));
        assertRefused(charge("FEES", "MXN", "2020-01-01"), "23505", "ledger_entry_one_charge_per_period");
        assertRefused(charge("FEES", "USD", "2020-02-01"), "23503", "ledger_entry_lease_id_currency_fkey");
        assertRefused("UPDATE ledger_entry SET amount = 0", "42501", "append-only");
        assertRefused("DELETE FROM ledger_entry", "42501", "append-only");
        assertRefused("""
                INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, created_by_name)
                SELECT trust_id, id, 'payment', 100, 'MXN', '2020-01-05', 'test' FROM ground_lease WHERE code = 'FEES'
                """, "23514", "ledger_entry_payment_negative");
        assertThat(database.queryLong("SELECT count(*) FROM ledger_entry")).isOne();
    }

    @Test
    void everyChangeOfAPartyOrLeaseIsAVersion() {
        database.execute("UPDATE party SET notes = 'nueva nota', version = version + 1 WHERE name = 'Ana'");
        assertRefused("UPDATE party SET notes = 'sin versión' WHERE name = 'Ana'", "P0001", "raise its version by one");
        assertThat(database.queryColumn("""
                        SELECT version || ':' || coalesce(snapshot ->> 'notes', '-') || ':' || (valid_to IS NULL)
                        FROM record_version WHERE entity = 'party'
                          AND entity_id = (SELECT id FROM party WHERE name = 'Ana') ORDER BY version
                        """)).containsExactly("1:-:false", "2:nueva nota:true");
        assertRefused("UPDATE record_version SET reason = 'otra'", "42501", "immutable");
        assertRefused("DELETE FROM party", "42501", "append-only");
    }

    @Test
    void aDocumentsChecksumIsItsContents() {
        database.execute("""
                INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, parcel_id,
                                      created_by_name)
                SELECT trust_id, 'Plano', 'plano.pdf', 'application/pdf', 9, sha256('%PDF-1.7\n'::bytea),
                       '%PDF-1.7\n'::bytea, id, 'test' FROM parcel WHERE code = 'L-1'
                """);
        assertRefused("""
                INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, parcel_id,
                                      created_by_name)
                SELECT trust_id, 'Plano', 'plano.pdf', 'application/pdf', 9, sha256('otra cosa'::bytea),
                       '%PDF-1.7\n'::bytea, id, 'test' FROM parcel WHERE code = 'L-1'
                """, "23514", "document_sha256_matches");
    }

    @Test
    void anEventsPointFallsOnItsParcelWithinTheTolerance() {
        // The trust's tolerance is 25 m; 0.0001° of latitude is about 11 m, 0.001° about 110 m.
        database.execute(event("L-1", -96.6995, 17.0011));
        assertRefused(event("L-1", -96.6995, 17.002), "23514", "more than 25 m from its parcel");
        assertThat(database.queryLong("SELECT count(*) FROM stewardship_event")).isOne();
    }

    private void assertRefused(String sql, String sqlState, String messagePart) {
        assertThatThrownBy(() -> database.execute("BEGIN;" + sql + ";COMMIT;"))
                .cause()
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static Connection actor(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('tierra.actor', 'test', false),"
                    + " set_config('tierra.reason', 'race', false)");
        }
        return connection;
    }

    private static String draftLease(String code, String parcel, String startsOn, String endsOn) {
        return """
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount)
                SELECT id, '%1$s', '%3$s', '%4$s', 'residential', 500 FROM trust WHERE code = 'clt-a';
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT l.id, p.id, l.trust_id FROM ground_lease l, parcel p WHERE l.code = '%1$s' AND p.code = '%2$s';
                """.formatted(code, parcel, startsOn, endsOn);
    }

    private static String lessee(String lease, String party, int numerator, int denominator) {
        return """
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                SELECT l.id, p.id, p.trust_id, %3$d, %4$d FROM ground_lease l, party p
                WHERE l.code = '%1$s' AND p.name = '%2$s';
                """.formatted(lease, party, numerator, denominator);
    }

    private static String wholeLease(String code, String parcel, String startsOn, String endsOn, String party) {
        return draftLease(code, parcel, startsOn, endsOn) + lessee(code, party, 1, 1);
    }

    private static String activate(String code) {
        return "UPDATE ground_lease SET status = 'active', version = version + 1 WHERE code = '" + code + "';";
    }

    private static String charge(String lease, String currency, String periodStart) {
        return """
                INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, period_end, due_on,
                                          created_by_name)
                SELECT trust_id, id, 'charge', 500, '%2$s', '%3$s', '%3$s'::date + interval '1 month', '%3$s', 'test'
                FROM ground_lease WHERE code = '%1$s'
                """.formatted(lease, currency, periodStart);
    }

    private static String event(String parcel, double lon, double lat) {
        return """
                INSERT INTO stewardship_event (trust_id, parcel_id, kind, occurred_on, location, created_by_name)
                SELECT trust_id, id, 'inspection', '2025-01-01', ST_SetSRID(ST_MakePoint(%2$s, %3$s), 4326), 'test'
                FROM parcel WHERE code = '%1$s'
                """.formatted(parcel, lon, lat);
    }
}
