package org.tierra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.audit.AuditLog;
import org.tierra.db.Database;
import org.tierra.http.Json;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/** The demo registry: believable, valid, without overlaps, and loaded exactly once. */
class DemoDataTest {

    private static final JsonMapper json = Json.newMapper();
    private static TestDatabase testDatabase;
    private static Database database;

    @BeforeAll
    static void loadOnce() {
        testDatabase = TestPostgres.freshDatabase();
        database = Database.connect(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password());
        assertThat(load(database)).isTrue();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static final String DEMO_PASSWORD = "una-contraseña-de-prueba";

    private static boolean load(Database pool) {
        return DemoData.loadIfEmpty(
                pool, json, new AuditLog(json), Optional.of(DEMO_PASSWORD), TestPostgres.emptyDirectory("demo"));
    }

    @Test
    void holdsALandTrustAndAnEjidoWith30To60Parcels() {
        assertThat(testDatabase.queryColumn("SELECT kind FROM trust ORDER BY kind"))
                .containsExactly("community_land_trust", "ejido");
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel")).isBetween(30L, 60L);
        assertThat(testDatabase.queryLong("SELECT count(DISTINCT tenure_category) FROM parcel"))
                .isGreaterThanOrEqualTo(4);
        assertThat(testDatabase.queryLong("SELECT count(DISTINCT land_use) FROM parcel"))
                .isGreaterThanOrEqualTo(4);
        assertThat(testDatabase.queryColumn("SELECT DISTINCT status FROM parcel"))
                .contains("active", "proposed");
    }

    @Test
    void liesNearOaxacaDeJuarez() {
        // Every parcel within 15 km of the Zócalo of Oaxaca de Juárez.
        assertThat(testDatabase.queryLong("""
                SELECT count(*) FROM parcel
                WHERE NOT ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(-96.7266, 17.0606), 4326)::geography, 15000)
                """)).isZero();
    }

    @Test
    void shapesAreIrregularValidAndDoNotOverlap() {
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel WHERE NOT ST_IsValid(geom)"))
                .isZero();
        assertThat(testDatabase.queryLong("""
                SELECT count(*) FROM parcel a JOIN parcel b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)
                WHERE ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 0
                """)).isZero();
        // not a grid of squares: most parcels are not their own bounding rectangle
        assertThat(testDatabase.queryLong(
                        "SELECT count(*) FROM parcel WHERE ST_Area(geom) / ST_Area(ST_Envelope(geom)) > 0.999"))
                .isLessThan(5);
        assertThat(testDatabase.queryLong("SELECT count(DISTINCT ST_NPoints(geom)) FROM parcel"))
                .isGreaterThan(5);
    }

    @Test
    void includesAParcelWithAHoleAndOneInTwoPieces() {
        assertThat(testDatabase.queryLong(
                        "SELECT count(*) FROM parcel WHERE ST_NumInteriorRings(ST_GeometryN(geom, 1)) > 0"))
                .isPositive();
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel WHERE ST_NumGeometries(geom) > 1"))
                .isPositive();
    }

    @Test
    void namesAreSpanishPlaceNames() {
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel WHERE name IS NULL OR name = ''"))
                .isZero();
        assertThat(testDatabase.queryColumn("SELECT name FROM parcel"))
                .anySatisfy(name -> assertThat(name).containsAnyOf("á", "é", "í", "ó", "ú", "ñ"));
    }

    @Test
    void addsOneDemoAccountPerRoleThatCanSignIn() {
        assertThat(testDatabase.queryColumn("SELECT username FROM app_user ORDER BY username"))
                .containsExactly("demo-admin", "demo-board", "demo-farmer", "demo-researcher", "demo-staff");
        assertThat(testDatabase.queryColumn("""
                        SELECT DISTINCT m.role FROM membership m JOIN app_user u ON u.id = m.user_id
                        WHERE u.username = 'demo-farmer'""")).containsExactly("lessee");
        String hash = testDatabase
                .queryColumn("SELECT password_hash FROM app_user WHERE username = 'demo-staff'")
                .get(0);
        assertThat(hash).startsWith("$argon2id$");
        assertThat(org.tierra.auth.Passwords.verify(DEMO_PASSWORD, Optional.of(hash)))
                .isTrue();
    }

    @Test
    void leasesMostOfTheLandTrustsParcelsWithExactSharesAndFees() {
        long trustParcels = testDatabase.queryLong("""
                SELECT count(*) FROM parcel p JOIN trust t ON t.id = p.trust_id WHERE t.code = 'ftc-jacarandas'""");
        long leasedNow = testDatabase.queryLong("""
                SELECT count(DISTINCT parcel_id) FROM ground_lease_parcel WHERE in_force @> current_date""");
        assertThat(leasedNow * 2).isGreaterThan(trustParcels);
        assertThat(testDatabase.queryLong(
                        "SELECT count(*) FROM ground_lease_lessee WHERE share_numerator <> share_denominator"))
                .isZero();
        // Every signed lease is charged up to today, and most households are paid up.
        assertThat(testDatabase.queryLong("""
                SELECT count(*) FROM ground_lease l WHERE l.status <> 'draft'
                AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.lease_id = l.id AND e.kind = 'charge')""")).isZero();
        assertThat(testDatabase.queryColumn("""
                SELECT l.code FROM ground_lease l JOIN ledger_entry e ON e.lease_id = l.id
                GROUP BY l.code HAVING sum(e.amount) FILTER (WHERE e.due_on IS NULL OR e.due_on < current_date - 40) > 0
                """)).containsExactly("ARR-JAC-005");
    }

    @Test
    void holdsAnAssignmentWithItsResaleWorksheet() {
        assertThat(testDatabase.queryColumn("""
                SELECT f.code || ' -> ' || t.code || ': ' || a.resale_price || ' ' || a.currency
                FROM lease_assignment a JOIN ground_lease f ON f.id = a.from_lease_id JOIN ground_lease t ON t.id = a.to_lease_id
                """)).containsExactly("ARR-JAC-002 -> ARR-JAC-002-B: 1100000.00 MXN");
        assertThat(testDatabase.queryColumn("SELECT status FROM ground_lease WHERE code = 'ARR-JAC-002'"))
                .containsExactly("assigned");
        assertThat(testDatabase.queryLong("SELECT jsonb_array_length(worksheet -> 'steps') FROM lease_assignment"))
                .isGreaterThan(2);
    }

    @Test
    void holdsAnOverdueObligationStewardshipEventsAndABoardOfThreeSeatClasses() {
        assertThat(testDatabase.queryLong("""
                SELECT count(*) FROM obligation o JOIN ground_lease l ON l.id = o.lease_id
                WHERE l.code = 'ARR-JAC-005'
                  AND NOT EXISTS (SELECT 1 FROM obligation_fulfilment f WHERE f.obligation_id = o.id AND f.due_on = '2025-01-31')""")).isOne();
        assertThat(testDatabase.queryColumn("SELECT DISTINCT kind FROM stewardship_event"))
                .contains("inspection", "improvement", "violation", "cure", "resale");
        assertThat(testDatabase.queryColumn(
                        "SELECT seat_class FROM party_membership WHERE role = 'board_member' ORDER BY seat_class"))
                .containsExactly("community", "lessee", "public");
        // demo-farmer is Rosa, head of the household that holds ARR-JAC-003.
        assertThat(testDatabase.queryColumn("""
                SELECT l.code FROM ground_lease l JOIN ground_lease_lessee ll ON ll.lease_id = l.id
                JOIN party_group_member m ON m.group_id = ll.party_id JOIN party p ON p.id = m.member_id
                JOIN app_user u ON u.id = p.user_id WHERE u.username = 'demo-farmer'""")).containsExactly("ARR-JAC-003");
    }

    @Test
    void everyDemoWriteIsAuditedAndTheChainVerifies() {
        long parcels = testDatabase.queryLong("SELECT count(*) FROM parcel");
        assertThat(testDatabase.queryLong(
                        "SELECT count(*) FROM audit_entry WHERE entity = 'parcel' AND action = 'create'"))
                .isEqualTo(parcels);
        for (String[] entity : new String[][] {
            {"lease", "ground_lease"},
            {"party", "party"},
            {"stewardship_event", "stewardship_event"},
            {"obligation", "obligation"},
            {"resale_policy", "resale_policy"}
        }) {
            assertThat(testDatabase.queryLong("SELECT count(*) FROM audit_entry WHERE action = 'create' AND entity = '"
                            + entity[0] + "'"))
                    .as(entity[0])
                    .isEqualTo(testDatabase.queryLong("SELECT count(*) FROM " + entity[1]));
        }
        assertThat(testDatabase.queryLong("SELECT count(*) FROM audit_entry WHERE action = 'assign'"))
                .isEqualTo(testDatabase.queryLong("SELECT count(*) FROM lease_assignment"));
        assertThat(testDatabase.queryColumn("SELECT DISTINCT actor FROM audit_entry"))
                .containsExactly("system");
        assertThat(new AuditLog(json).verify(database).valid()).isTrue();
    }

    @Test
    void aGeneratedDemoPasswordIsWrittenToAPrivateFile() throws Exception {
        TestDatabase own = TestPostgres.freshDatabase();
        java.nio.file.Path dataDir = TestPostgres.emptyDirectory("demo-credentials");
        try (Database pool = Database.connect(own.jdbcUrl(), own.user(), own.password())) {
            DemoData.loadIfEmpty(pool, json, new AuditLog(json), Optional.empty(), dataDir);
        }

        java.nio.file.Path file = DemoData.credentialsFile(dataDir);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String password = java.nio.file.Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("password: "))
                .map(line -> line.substring("password: ".length()))
                .findFirst()
                .orElseThrow();
        String hash = own.queryColumn("SELECT password_hash FROM app_user WHERE username = 'demo-admin'")
                .get(0);
        assertThat(org.tierra.auth.Passwords.verify(password, Optional.of(hash)))
                .isTrue();
    }

    @Test
    void aWeakDemoPasswordIsRefusedBeforeAnythingIsWritten() {
        TestDatabase own = TestPostgres.freshDatabase();
        try (Database pool = Database.connect(own.jdbcUrl(), own.user(), own.password())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoData.loadIfEmpty(
                            pool, json, new AuditLog(json), Optional.of("short"), TestPostgres.emptyDirectory("weak")))
                    .isInstanceOf(org.tierra.config.ConfigException.class)
                    .hasMessageContaining("TIERRA_DEMO_PASSWORD");
        }
        assertThat(own.queryLong("SELECT count(*) FROM trust")).isZero();
    }

    @Test
    void loadingAgainChangesNothing() {
        long before = testDatabase.queryLong("SELECT count(*) FROM parcel");

        assertThat(load(database)).isFalse();

        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel")).isEqualTo(before);
        assertThat(testDatabase.queryLong("SELECT count(*) FROM trust")).isEqualTo(2);
    }

    @Test
    void concurrentFirstStartsLoadItOnce() throws Exception {
        TestDatabase empty = TestPostgres.freshDatabase();
        List<Database> pools = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> loads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Database pool = Database.connect(empty.jdbcUrl(), empty.user(), empty.password());
                pools.add(pool);
                loads.add(() -> load(pool));
            }
            long loaded = 0;
            for (Future<Boolean> result : executor.invokeAll(loads)) {
                loaded += result.get() ? 1 : 0;
            }

            assertThat(loaded).isEqualTo(1);
            assertThat(empty.queryLong("SELECT count(*) FROM trust")).isEqualTo(2);
            assertThat(empty.queryLong("SELECT count(*) FROM parcel"))
                    .isEqualTo(testDatabase.queryLong("SELECT count(*) FROM parcel"));
        } finally {
            executor.shutdownNow();
            pools.forEach(Database::close);
        }
    }

    @Test
    void restartingTierraOnItsDatabaseDoesNotDuplicateTheDemo() {
        TestDatabase own = TestPostgres.freshDatabase();
        TierraApp.start(own.config(true)).close();
        long first = own.queryLong("SELECT count(*) FROM parcel");

        TierraApp.start(own.config(true)).close();

        assertThat(own.queryLong("SELECT count(*) FROM parcel"))
                .isEqualTo(first)
                .isPositive();
    }
}
