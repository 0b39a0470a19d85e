package org.tierra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;

/** The schema guards its invariants itself, whatever the application does. */
class MigrationsTest {

    private TestDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestPostgres.freshDatabase();
        database.execute("""
                INSERT INTO trust (code, name, kind) VALUES ('uno', 'Fideicomiso Uno', 'community_land_trust');
                INSERT INTO trust (code, name, kind) VALUES ('dos', 'Ejido Dos', 'ejido');
                """);
    }

    @Test
    void everyMigrationIsAppliedInOrderAndMigratingAgainIsANoOp() throws Exception {
        List<String> versions;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("migrations"))) {
            versions = files.map(file -> file.getFileName().toString())
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }

        try (Database pool = Database.connect(database.jdbcUrl(), database.user(), database.password())) {
            assertThat(pool.migrate()).isEqualTo(versions.get(versions.size() - 1));
        }
        assertThat(database.queryColumn(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactlyElementsOf(versions);
    }

    @Test
    void theGeometryColumnIsAGistIndexedMultiPolygonIn4326() {
        assertThat(
                        database.queryColumn(
                                "SELECT type || ' ' || srid FROM geometry_columns WHERE f_table_name = 'parcel' AND f_geometry_column = 'geom'"))
                .containsExactly("MULTIPOLYGON 4326");
        assertThat(database.queryColumn("SELECT indexdef FROM pg_indexes WHERE indexname = 'parcel_geom_idx'"))
                .singleElement()
                .asString()
                .contains("USING gist (geom)");
    }

    @Test
    void areaAndPerimeterAreGeodesicAndFollowTheGeometry() {
        insertParcel("uno", "A", "ST_Multi(ST_MakeEnvelope(-96.70, 17.00, -96.69, 17.01, 4326))");
        double expectedArea = database.queryColumn("""
                        SELECT ST_Area(ST_Transform(ST_MakeEnvelope(-96.70, 17.00, -96.69, 17.01, 4326), 32614))""").stream()
                .mapToDouble(Double::parseDouble)
                .findFirst()
                .orElseThrow();

        double area = Double.parseDouble(
                database.queryColumn("SELECT area_m2 FROM parcel").get(0));
        // UTM 14N is conformal, not equal-area: within 0.1% of the geodesic area here.
        assertThat(area).isCloseTo(expectedArea, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(area).isBetween(1_170_000.0, 1_200_000.0);

        database.execute(
                "UPDATE parcel SET geom = ST_Multi(ST_MakeEnvelope(-96.70, 17.00, -96.695, 17.01, 4326)), version = version + 1");
        assertThat(Double.parseDouble(
                        database.queryColumn("SELECT area_m2 FROM parcel").get(0)))
                .isCloseTo(area / 2, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(Double.parseDouble(
                        database.queryColumn("SELECT perimeter_m FROM parcel").get(0)))
                .isBetween(3_200.0, 3_300.0);
    }

    @Test
    void aCodeIsUniqueWithinItsTrustOnly() {
        insertParcel("uno", "P-1", "ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326))");
        insertParcel("dos", "P-1", "ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326))");

        assertThatThrownBy(() -> insertParcel("uno", "P-1", "ST_Multi(ST_MakeEnvelope(2, 2, 3, 3, 4326))"))
                .hasRootCauseMessage(rootMessageContaining("parcel_code_unique_per_trust"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            self-intersecting bowtie   | ST_Multi(ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326))        | parcel_geom_valid
            empty                      | ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)                                | parcel_geom_not_empty
            a Polygon, not Multi       | ST_MakeEnvelope(0, 0, 1, 1, 4326)                                         | Geometry type (Polygon) does not match column type (MultiPolygon)
            another SRID               | ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 32614))                              | Geometry SRID (32614) does not match column SRID (4326)
            no geometry                | NULL                                                                      | null value in column "geom"
            """)
    void theDatabaseRefusesBadGeometry(String name, String geometrySql, String expectedError) {
        assertThatThrownBy(() -> insertParcel("uno", "BAD", geometrySql))
                .as(name)
                .hasStackTraceContaining(expectedError);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown tenure category | tenure_category = 'freehold'    | parcel_tenure_category_fkey
            unknown land use        | land_use = 'mining'             | parcel_land_use_fkey
            unknown status          | status = 'sold'                 | parcel_status_known
            blank code              | code = ' '                      | parcel_code_format
            """)
    void theDatabaseRefusesBadAttributes(String name, String assignment, String constraint) {
        insertParcel("uno", "OK", "ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326))");

        assertThatThrownBy(() -> database.execute("UPDATE parcel SET " + assignment))
                .as(name)
                .hasStackTraceContaining(constraint);
    }

    @Test
    void everyAgrarianTenureCategoryIsKnownWithSpanishAndEnglishLabels() {
        assertThat(database.queryColumn("SELECT code FROM tenure_category"))
                .contains("clt_leasehold", "parcela_ejidal", "tierra_uso_comun", "solar_urbano");
        assertThat(database.queryLong("SELECT count(*) FROM tenure_category WHERE label_es = '' OR label_en = ''"))
                .isZero();
    }

    private void insertParcel(String trust, String code, String geometrySql) {
        database.execute("""
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT id, '%s', 'clt_leasehold', 'residential', %s FROM trust WHERE code = '%s'
                """.formatted(code, geometrySql, trust));
    }

    private static String rootMessageContaining(String text) {
        return "%s"
                .formatted("ERROR: duplicate key value violates unique constraint \"" + text + "\"\n"
                        + "  Detail: Key (trust_id, code)=(1, P-1) already exists.");
    }
}
