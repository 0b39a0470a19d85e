package org.tierra.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tierra.http.Json;
import tools.jackson.databind.json.JsonMapper;

/** CQL2 text and JSON, read into the same tree and translated to SQL with every literal bound. */
class Cql2ParserTest {

    private static final JsonMapper JSON = Json.newMapper();
    private static final String GEOMETRY_PARAMETER = "ST_GeomFromText(?, 4326)";
    private static final Map<String, Queryable> QUERYABLES = new LinkedHashMap<>();

    static {
        for (Queryable queryable : List.of(
                new Queryable("code", Queryable.Type.STRING, "p.code", "code"),
                new Queryable("name", Queryable.Type.STRING, "p.name", "name"),
                new Queryable("landUse", Queryable.Type.STRING, "p.land_use", "land use"),
                new Queryable("version", Queryable.Type.INTEGER, "p.version", "version"),
                new Queryable("areaHectares", Queryable.Type.NUMBER, "p.area_ha", "area"),
                new Queryable("geometry", Queryable.Type.GEOMETRY, "p.geom", "boundary"),
                Queryable.interval("validTime", "p.valid_from", "p.valid_to", "valid time"))) {
            QUERYABLES.put(queryable.name(), queryable);
        }
    }

    private static SqlFilter text(String filter) {
        return Cql2Sql.toSql(Cql2Text.parse(filter), QUERYABLES, GEOMETRY_PARAMETER);
    }

    private static SqlFilter json(String filter) {
        return Cql2Sql.toSql(Cql2Json.parse(JSON.readTree(filter)), QUERYABLES, GEOMETRY_PARAMETER);
    }

    @Test
    void aComparisonBindsItsLiteralAndNamesTheQueryablesColumn() {
        SqlFilter filter = text("landUse = 'forest'");

        assertThat(filter.sql()).isEqualTo("(p.land_use = CAST(? AS text))");
        assertThat(filter.parameters()).containsExactly("forest");
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        SqlFilter filter = text("code = 'A' OR NOT code = 'B' AND version > 2");

        assertThat(filter.sql())
                .isEqualTo(
                        "((p.code = CAST(? AS text)) OR (NOT ((p.code = CAST(? AS text))) AND (p.version > CAST(? AS numeric))))");
        assertThat(filter.parameters()).containsExactly("A", "B", new BigDecimal("2"));
    }

    @Test
    void parenthesesGroup() {
        assertThat(text("(code = 'A' OR code = 'B') AND version > 2").sql()).startsWith("(((p.code");
    }

    @Test
    void keywordsAreCaseInsensitiveAndQuotedStringsEscapeQuotesByDoubling() {
        SqlFilter filter = text("name like 'San José d''Arriba%' and landUse in ('forest', 'pasture')");

        assertThat(filter.sql()).contains("LIKE").contains("IN (CAST(? AS text), CAST(? AS text))");
        assertThat(filter.parameters()).containsExactly("San José d'Arriba%", "forest", "pasture");
    }

    @Test
    void negatedPredicates() {
        assertThat(text("name NOT LIKE 'x%'").sql()).startsWith("NOT (");
        assertThat(text("version NOT BETWEEN 1 AND 3").sql())
                .startsWith("NOT (")
                .contains("BETWEEN");
        assertThat(text("landUse NOT IN ('forest')").sql()).startsWith("NOT (");
        assertThat(text("name IS NOT NULL").sql()).isEqualTo("NOT ((p.name) IS NULL)");
    }

    @Test
    void caseAndAccentInsensitiveComparisons() {
        SqlFilter filter = text("ACCENTI(CASEI(name)) = ACCENTI(CASEI('San José'))");

        assertThat(filter.sql()).contains("translate(lower(p.name)").contains("translate(lower(CAST(? AS text))");
        assertThat(filter.parameters()).containsExactly("San José");
    }

    @Test
    void spatialFunctionsTakeWktAndBboxLiteralsAsBoundText() {
        SqlFilter filter = text("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))) AND "
                + "S_WITHIN(geometry, BBOX(-97, 16, -96, 17)) AND S_DISJOINT(geometry, POINT(5 5))");

        assertThat(filter.sql())
                .contains("ST_Intersects(p.geom, ST_GeomFromText(?, 4326))")
                .contains("ST_Within(p.geom, ST_GeomFromText(?, 4326))")
                .contains("NOT ST_Intersects(p.geom, ST_GeomFromText(?, 4326))");
        assertThat(filter.parameters())
                .containsExactly(
                        "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
                        "POLYGON ((-97 16, -97 17, -96 17, -96 16, -97 16))",
                        "POINT (5 5)");
    }

    @Test
    void temporalFunctionsCompareIntervalsWithOpenEndsAsInfinity() {
        SqlFilter filter = text("T_INTERSECTS(validTime, INTERVAL('2024-01-01', '..'))");

        assertThat(filter.sql())
                .isEqualTo("(coalesce(p.valid_from, '-infinity'::timestamptz) <= 'infinity'::timestamptz"
                        + " AND coalesce(p.valid_to, 'infinity'::timestamptz) >= CAST(? AS timestamptz))");
        assertThat(filter.parameters()).containsExactly(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aDateStandsForItsWholeDay() {
        SqlFilter filter = text("T_DURING(validTime, DATE('2024-05-01'))");

        assertThat(filter.parameters())
                .containsExactly(
                        OffsetDateTime.parse("2024-05-01T00:00:00Z"),
                        Instant.parse("2024-05-01T23:59:59.999999Z").atOffset(ZoneOffset.UTC));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "T_AFTER",
                "T_BEFORE",
                "T_CONTAINS",
                "T_DISJOINT",
                "T_DURING",
                "T_EQUALS",
                "T_FINISHEDBY",
                "T_FINISHES",
                "T_INTERSECTS",
                "T_MEETS",
                "T_METBY",
                "T_OVERLAPPEDBY",
                "T_OVERLAPS",
                "T_STARTEDBY",
                "T_STARTS"
            })
    void everyTemporalFunctionTranslates(String function) {
        SqlFilter filter = text(function + "(validTime, TIMESTAMP('2024-05-01T10:00:00-06:00'))");

        assertThat(filter.sql()).contains("p.valid_").doesNotContain("2024");
        assertThat(filter.parameters()).allMatch(p -> p.equals(OffsetDateTime.parse("2024-05-01T16:00:00Z")));
    }

    @Test
    void jsonAndTextReadToTheSameSql() {
        SqlFilter fromText =
                text("landUse = 'forest' AND areaHectares >= 2.5 AND S_INTERSECTS(geometry, POINT(-96.7 17.03))");
        SqlFilter fromJson = json("""
                {"op": "and", "args": [
                  {"op": "=", "args": [{"property": "landUse"}, "forest"]},
                  {"op": ">=", "args": [{"property": "areaHectares"}, 2.5]},
                  {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [-96.7, 17.03]}]}
                ]}""");

        assertThat(fromJson.parameters()).isEqualTo(fromText.parameters());
        assertThat(fromJson.sql().replace("(", "").replace(")", ""))
                .isEqualTo(fromText.sql().replace("(", "").replace(")", ""));
    }

    @Test
    void jsonTemporalAndArrayLiterals() {
        SqlFilter filter = json("""
                {"op": "and", "args": [
                  {"op": "in", "args": [{"property": "code"}, ["A", "B"]]},
                  {"op": "t_before", "args": [{"property": "validTime"}, {"timestamp": "2024-01-01T00:00:00Z"}]},
                  {"op": "t_intersects", "args": [{"property": "validTime"}, {"interval": ["2020-01-01", ".."]}]},
                  {"op": "s_within", "args": [{"property": "geometry"}, {"bbox": [-97, 16, -96, 17]}]},
                  {"op": "isNull", "args": [{"property": "name"}]}
                ]}""");

        assertThat(filter.sql()).contains("IN (").contains("IS NULL").contains("ST_Within");
        assertThat(filter.parameters()).hasSize(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            landUse = 'forest' AND                          | 23 | ends where a property or a value was expected
            landUse == 'forest'                             | 10 | Expected a property or a value
            landUse != 'forest'                             | 9  | CQL2 writes 'not equal' as <>
            landUse = 'forest                               | 11 | not closed
            foo = 1                                         | 1  | no queryable 'foo'
            "id; DROP TABLE parcel" = 1                     | 1  | no queryable 'id; DROP TABLE parcel'
            landUse = 'x'; DROP TABLE parcel; --            | 14 | Expected AND, OR or the end
            landUse = 'x' -- comment                        | 15 | Expected AND, OR or the end
            landUse = 'x' /* c */                           | 15 | Expected AND, OR or the end
            pg_sleep(10) = 1                                | 1  | 'pg_sleep' is not a function
            areaHectares = 'big'                            | 16 | the property 'areaHectares' is a number and 'big' is text
            landUse                                         | 1  | A filter is a condition
            S_INTERSECTS(landUse, POINT(1 2))               | 14 | S_INTERSECTS takes geometries
            S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))) | 24 | Self-intersection
            S_INTERSECTS(geometry, POLYGON((0 0, 1 1))      | 24 | not valid WKT
            S_INTERSECTS(geometry, POINT(1 2)               | 34 | Expected ')'
            geometry = POINT(1 2)                           | 1  | compare geometries with S_INTERSECTS
            T_AFTER(code, TIMESTAMP('2024-01-01T00:00:00Z'))| 9  | T_AFTER compares times
            T_AFTER(validTime, TIMESTAMP('yesterday'))      | 20 | 'yesterday' is not a timestamp
            T_AFTER(validTime, INTERVAL('2024-02-01', '2024-01-01')) | 20 | starts (2024-02-01) after it ends
            validTime = 1                                   | 1  | compare times with T_INTERSECTS
            code IN ()                                      | 9  | IN takes a list of one or more values
            version BETWEEN 1 AND 'x'                       | 23 | cannot compare them
            code NOT = 'x'                                  | 10 | Expected LIKE, BETWEEN or IN after NOT
            2                                               | 1  | A filter is a condition
            S_INTERSECTS(geometry, BBOX(1, 2, 3))           | 24 | A bbox has 4 numbers
            """)
    void mistakesAreRefusedWithTheirPosition(String filter, int position, String message) {
        assertThatThrownBy(() -> text(filter))
                .isInstanceOf(Cql2Exception.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((Cql2Exception) e).position()).isEqualTo(position));
    }

    @Test
    void anEmptyFilterIsRefused() {
        assertThatThrownBy(() -> text("   ")).hasMessageContaining("The filter is empty");
    }

    @Test
    void deepNestingIsRefusedBeforeItExhaustsTheStack() {
        String deep = "NOT ".repeat(10_000) + "code = 'x'";
        String parenthesised = "(".repeat(10_000) + "code = 'x'" + ")".repeat(10_000);

        assertThatThrownBy(() -> text(deep)).isInstanceOf(Cql2Exception.class).hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> text(parenthesised))
                .isInstanceOf(Cql2Exception.class)
                .hasMessageContaining("nests deeper");
    }

    @Test
    void aGeometryWithTooManyPointsIsRefused() {
        StringBuilder ring = new StringBuilder("POLYGON((");
        int points = 10_001;
        for (int i = 0; i < points; i++) {
            double angle = 2 * Math.PI * i / points;
            ring.append(Math.cos(angle)).append(' ').append(Math.sin(angle)).append(", ");
        }
        ring.append("1 0))");

        assertThatThrownBy(() -> text("S_INTERSECTS(geometry, " + ring + ")"))
                .isInstanceOf(Cql2Exception.class)
                .hasMessageContaining("a filter may use at most 10000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"op": "=", "args": [{"property": "nope"}, 1]}                 | /args/0           | no queryable 'nope'
            {"op": "=", "args": [{"property": "code"}]}                    |                   | takes 2 arguments
            {"op": "drop", "args": []}                                     |                   | 'drop' is not a function
            {"op": "and"}                                                  | /args             | arguments as an array
            {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Polygon", "coordinates": [[[0,0],[1,1],[1,0],[0,1]]]}]} | /args/1/coordinates/0 | A ring needs at least four positions
            {"op": "s_intersects", "args": [{"property": "geometry"}, {"type": "Circle", "coordinates": [0, 0]}]} | /args/1/type | not a GeoJSON geometry type
            {"op": "t_after", "args": [{"property": "validTime"}, {"timestamp": 5}]} | /args/1/timestamp | must be a string
            {"frog": 1}                                                    |                   | Expected an object with op
            """)
    void jsonMistakesAreRefusedWithTheirPath(String filter, String path, String message) {
        assertThatThrownBy(() -> json(filter))
                .isInstanceOf(Cql2Exception.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((Cql2Exception) e).path()).isEqualTo(path == null ? "" : path));
    }

    /** Whatever a caller types, the parser answers with a filter or a Cql2Exception; nothing else escapes. */
    @Test
    void randomInputOnlyEverFailsAsACql2Exception() {
        String[] pieces = {
            "code",
            "geometry",
            "validTime",
            "version",
            "=",
            "<>",
            "<=",
            ">",
            "AND",
            "OR",
            "NOT",
            "LIKE",
            "IN",
            "BETWEEN",
            "IS",
            "NULL",
            "(",
            ")",
            ",",
            "'",
            "''",
            "\"",
            "'x'",
            "1",
            "-2.5e3",
            ".",
            "e",
            "+",
            "POINT",
            "POLYGON",
            "((",
            "))",
            "0 0",
            "EMPTY",
            "BBOX",
            "TIMESTAMP",
            "DATE",
            "INTERVAL",
            "'..'",
            "'2024-01-01'",
            "S_INTERSECTS",
            "T_AFTER",
            "CASEI",
            "ACCENTI",
            "TRUE",
            " ",
            ";",
            "--",
            "/*",
            "é",
            "\u0000",
            "[",
            "]"
        };
        java.util.Random random = new java.util.Random(20261123);
        int parsed = 0;
        for (int run = 0; run < 20_000; run++) {
            StringBuilder filter = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                filter.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            try {
                text(filter.toString());
                parsed++;
            } catch (Cql2Exception expected) {
                assertThat(expected.position()).as(filter.toString()).isBetween(1, filter.length() + 1);
            }
        }
        assertThat(parsed).as("some random filters are well formed").isPositive();
    }
}
