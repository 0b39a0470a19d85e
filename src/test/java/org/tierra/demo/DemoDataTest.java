package org.tierra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.db.Database;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/** The demo registry: believable, valid, without overlaps, and loaded exactly once. */
class DemoDataTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static TestDatabase testDatabase;
    private static Database database;

    @BeforeAll
    static void loadOnce() {
        testDatabase = TestPostgres.freshDatabase();
        database = Database.connect(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password());
        assertThat(DemoData.loadIfEmpty(database, json)).isTrue();
    }

    @AfterAll
    static void close() {
        database.close();
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
    void loadingAgainChangesNothing() {
        long before = testDatabase.queryLong("SELECT count(*) FROM parcel");

        assertThat(DemoData.loadIfEmpty(database, json)).isFalse();

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
                loads.add(() -> DemoData.loadIfEmpty(pool, json));
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
