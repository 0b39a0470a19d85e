package org.tierra.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tierra.access.Change;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The GeoJSON parcel import against a real database: all or nothing, every problem named. */
class ParcelImportTest {

    private static final JsonMapper json = org.tierra.http.Json.newMapper();
    private static final String SQUARE_A = square(-96.700, 17.000);
    private static final String SQUARE_B = square(-96.690, 17.000);

    private TestDatabase testDatabase;
    private Database database;

    @BeforeEach
    void freshDatabaseWithOneTrust() {
        testDatabase = TestPostgres.freshDatabase();
        testDatabase.execute(
                "INSERT INTO trust (code, name, kind) VALUES ('ftc-prueba', 'Fideicomiso de prueba', 'community_land_trust')");
        database = Database.connect(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void importsValidFeaturesWithTheirAttributes() {
        ParcelImport.Result result = importFeatures(
                feature("A-1", "ftc-prueba", "clt_leasehold", "residential", SQUARE_A, ",\"name\":\"Lote del Nogal\""),
                feature("A-2", "ftc-prueba", "clt_trust_held", "community", SQUARE_B, ",\"status\":\"proposed\""));

        assertThat(result.parcelsCreated()).isEqualTo(2);
        assertThat(
                        testDatabase.queryColumn(
                                "SELECT concat_ws('|', code, name, tenure_category, land_use, status) FROM parcel ORDER BY code"))
                .containsExactly(
                        "A-1|Lote del Nogal|clt_leasehold|residential|active", "A-2|clt_trust_held|community|proposed");
        assertThat(testDatabase.queryLong("SELECT round(area_m2) FROM parcel WHERE code = 'A-1'"))
                .as("geodesic area of a 0.005° square at 17°N")
                .isBetween(290_000L, 300_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown trust           | "code":"X-1","trust":"nadie","tenureCategory":"clt_leasehold","landUse":"residential"      | trust          | no trust with code 'nadie'
            missing code            | "trust":"ftc-prueba","tenureCategory":"clt_leasehold","landUse":"residential"              | code           | is required
            blank code              | "code":"  ","trust":"ftc-prueba","tenureCategory":"clt_leasehold","landUse":"residential"  | code           | non-empty text
            numeric code            | "code":7,"trust":"ftc-prueba","tenureCategory":"clt_leasehold","landUse":"residential"     | code           | non-empty text
            unknown tenure          | "code":"X-1","trust":"ftc-prueba","tenureCategory":"freehold","landUse":"residential"       | tenureCategory | got 'freehold'
            unknown land use        | "code":"X-1","trust":"ftc-prueba","tenureCategory":"clt_leasehold","landUse":"mining"      | landUse        | got 'mining'
            retired status          | "code":"X-1","trust":"ftc-prueba","tenureCategory":"clt_leasehold","landUse":"residential","status":"retired" | status | got 'retired'
            """)
    void rejectsABadPropertyNamingFeatureAndField(String name, String properties, String field, String hint) {
        String features = "{\"type\":\"Feature\",\"properties\":{" + properties + "},\"geometry\":" + SQUARE_A + "}";

        Problem problem = rejected(features);

        assertThat(problem.status()).isEqualTo(422);
        JsonNode errors = fieldsOf(problem).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.at("/0/feature").asInt()).isEqualTo(1);
        assertThat(errors.at("/0/field").asString()).isEqualTo(field);
        assertThat(errors.at("/0/message").asString()).contains(hint);
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel")).isZero();
    }

    @Test
    void reportsEveryInvalidFeatureAtOnceAndImportsNone() {
        String bowtie =
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.7,17.0],[-96.69,17.01],[-96.69,17.0],[-96.7,17.01],[-96.7,17.0]]]}";

        Problem problem = rejected(
                feature("OK-1", "ftc-prueba", "clt_leasehold", "residential", SQUARE_A, ""),
                feature("BAD-1", "ftc-prueba", "clt_leasehold", "residential", bowtie, ""),
                feature("BAD-2", "ftc-prueba", "clt_leasehold", "nope", SQUARE_B, ""));

        JsonNode errors = fieldsOf(problem).get("errors");
        assertThat(errors).hasSize(2);
        JsonNode geometryError = errors.get(0);
        assertThat(geometryError.get("feature").asInt()).isEqualTo(2);
        assertThat(geometryError.get("code").asString()).isEqualTo("BAD-1");
        assertThat(geometryError.get("rule").asString()).isEqualTo("self-intersection");
        assertThat(geometryError.at("/location/0").asDouble()).isCloseTo(-96.695, within(1e-9));
        assertThat(geometryError.at("/location/1").asDouble()).isCloseTo(17.005, within(1e-9));
        assertThat(errors.at("/1/feature").asInt()).isEqualTo(3);
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel")).isZero();
    }

    @Test
    void aCodeRepeatedInTheFileOrAlreadyTakenIsRejected() {
        importFeatures(feature("T-1", "ftc-prueba", "clt_leasehold", "residential", SQUARE_A, ""));

        Problem problem = rejected(
                feature("T-1", "ftc-prueba", "clt_leasehold", "residential", SQUARE_B, ""),
                feature("T-2", "ftc-prueba", "clt_leasehold", "residential", square(-96.68, 17.0), ""),
                feature("T-2", "ftc-prueba", "clt_leasehold", "residential", square(-96.67, 17.0), ""));

        assertThat(fieldsOf(problem).get("errors").findValuesAsString("message"))
                .containsExactlyInAnyOrder(
                        "Code T-2 is also used by feature 2 of trust ftc-prueba.",
                        "Trust ftc-prueba already has a parcel with code T-1.");
        assertThat(testDatabase.queryLong("SELECT count(*) FROM parcel")).isEqualTo(1);
    }

    @Test
    void overlapsWithinTheFileOrWithExistingParcelsAreA409AndNothingIsWritten() {
        importFeatures(feature("OLD", "ftc-prueba", "clt_leasehold", "residential", SQUARE_A, ""));
        String overlapsOld = square(-96.698, 17.002); // shares a 0.003° x 0.003° corner with OLD
        String overlapsNew = square(-96.6955, 17.0045);

        Problem problem = rejected(
                feature("NEW-1", "ftc-prueba", "clt_leasehold", "residential", overlapsOld, ""),
                feature("NEW-2", "ftc-prueba", "clt_leasehold", "residential", overlapsNew, ""));

        assertThat(problem.status()).isEqualTo(409);
        List<String> pairs = new ArrayList<>();
        for (JsonNode overlap : fieldsOf(problem).get("overlaps")) {
            pairs.add(overlap.get("code").asString() + " x "
                    + overlap.get("overlaps").asString());
            assertThat(overlap.get("overlapSquareMetres").asDouble()).isGreaterThan(1.0);
        }
        assertThat(pairs).containsExactlyInAnyOrder("NEW-1 x OLD", "NEW-1 x NEW-2", "NEW-2 x OLD");
        // the caller's transaction rolls back: only OLD remains
        assertThat(testDatabase.queryColumn("SELECT code FROM parcel")).containsExactly("OLD");
    }

    @Test
    void parcelsThatOnlyTouchOrBelongToAnotherTrustDoNotConflict() {
        testDatabase.execute("INSERT INTO trust (code, name, kind) VALUES ('ejido-vecino', 'Ejido vecino', 'ejido')");

        ParcelImport.Result result = importFeatures(
                feature("E-1", "ftc-prueba", "clt_leasehold", "residential", SQUARE_A, ""),
                feature("E-2", "ftc-prueba", "clt_leasehold", "residential", square(-96.695, 17.000), ""),
                feature("E-1", "ejido-vecino", "parcela_ejidal", "agricultural", SQUARE_A, ""));

        assertThat(result.parcelsCreated()).isEqualTo(3);
    }

    @Test
    void somethingOtherThanAFeatureCollectionIsRejected() {
        Problem problem = catchThrowableOfType(
                Problem.class,
                () -> database.inTransaction(connection ->
                        ParcelImport.importFeatureCollection(connection, json.readTree("{\"type\":\"Feature\"}"))));

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.detail()).contains("FeatureCollection");
    }

    private ParcelImport.Result importFeatures(String... features) {
        return database.inTransaction(connection -> {
            Change.bySystem("test import").mark(connection, "import");
            return ParcelImport.importFeatureCollection(connection, collection(features));
        });
    }

    private Problem rejected(String... features) {
        Problem problem = catchThrowableOfType(Problem.class, () -> importFeatures(features));
        assertThat(problem).as("the import must be rejected").isNotNull();
        return problem;
    }

    private static JsonNode fieldsOf(Problem problem) {
        return json.valueToTree(problem.fields());
    }

    private static JsonNode collection(String... features) {
        return json.readTree("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
    }

    private static String feature(
            String code, String trust, String tenure, String landUse, String geometry, String extra) {
        return """
                {"type":"Feature","properties":{"code":"%s","trust":"%s","tenureCategory":"%s","landUse":"%s"%s},
                 "geometry":%s}""".formatted(code, trust, tenure, landUse, extra, geometry);
    }

    /** A 0.005° square with its south-west corner at lon, lat. */
    private static String square(double lon, double lat) {
        double east = lon + 0.005;
        double north = lat + 0.005;
        return "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
                .formatted(lon, lat, east, lat, east, north, lon, north, lon, lat);
    }
}
