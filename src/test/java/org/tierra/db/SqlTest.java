package org.tierra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.testing.TestPostgres;

/** Named parameters and rows read by name, on a real PostgreSQL. */
class SqlTest {

    private static Connection connection;

    /** A code list as the feature enums hold them. */
    enum Colour implements DatabaseCode {
        DARK_RED("dark_red"),
        BLUE("blue");

        private final String code;

        Colour(String code) {
            this.code = code;
        }

        @Override
        public String databaseCode() {
            return code;
        }
    }

    @BeforeAll
    static void connect() throws SQLException {
        connection = TestPostgres.freshDatabase().connect();
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void aNameUsedTwiceBindsBothPlacesAndCastsAreLeftAlone() {
        long sum = Sql.on(connection, "SELECT :n::bigint + :n::bigint AS sum")
                .bind("n", 21L)
                .get(row -> row.getLong("sum"));

        assertThat(sum).isEqualTo(42);
    }

    @Test
    void colonsInLiteralsQuotedNamesAndCommentsAreNotParameters() {
        String text = Sql.on(connection, """
                        SELECT ':not' || :yes || '''s :x' AS ":label" -- :comment
                        /* :block */
                        """).bind("yes", "-si-").get(row -> row.getString(":label"));

        assertThat(text).isEqualTo(":not-si-'s :x");
    }

    @Test
    void everyKindOfValueRoundTrips() {
        Instant instant = Instant.parse("2026-03-01T12:30:00Z");
        var values = Sql.on(connection, """
                        SELECT :text AS text, :whole AS whole, :small AS small, :yes AS yes, :amount AS amount,
                               :day AS day, :at AS at, :colour AS colour, :ids AS ids, :names AS names,
                               :metres AS metres, :srids AS srids,
                               CAST(:nothing AS bigint) AS nothing, CAST(:empty AS text) AS empty
                        """)
                .bind("text", "Ejido Ñuu Sávi")
                .bind("whole", 1L << 40)
                .bind("small", 7)
                .bind("yes", true)
                .bind("amount", new BigDecimal("1250.50"))
                .bind("day", LocalDate.of(2027, 1, 31))
                .bind("at", instant)
                .bind("colour", Colour.DARK_RED)
                .bind("ids", List.of(3L, 5L))
                .bind("names", List.of("a", "b"))
                .bind("metres", 0.1 + 0.2)
                .bind("srids", List.of(4326, 6369))
                .bind("nothing", null)
                .bind("empty", Optional.empty())
                .get(row -> List.of(
                        row.getString("text"),
                        row.getLong("whole"),
                        row.getInt("small"),
                        row.getBoolean("yes"),
                        row.getDecimal("amount"),
                        row.getDate("day"),
                        row.getInstant("at"),
                        row.getCode("colour", Colour.class),
                        row.getLongs("ids"),
                        row.getStrings("names"),
                        row.getDouble("metres"),
                        row.getInts("srids"),
                        row.findLong("nothing"),
                        row.findString("empty")));

        assertThat(values)
                .containsExactly(
                        "Ejido Ñuu Sávi",
                        1L << 40,
                        7,
                        true,
                        new BigDecimal("1250.50"),
                        LocalDate.of(2027, 1, 31),
                        instant,
                        Colour.DARK_RED,
                        List.of(3L, 5L),
                        List.of("a", "b"),
                        0.1 + 0.2,
                        List.of(4326, 6369),
                        Optional.empty(),
                        Optional.empty());
    }

    @Test
    void updatesCountTheirRowsAndFindTellsNoneFromOne() {
        Sql.on(connection, "CREATE TEMPORARY TABLE sample (id bigint, note text)")
                .update();
        int inserted = Sql.on(connection, "INSERT INTO sample VALUES (1, :note), (2, :note)")
                .bind("note", "x")
                .update();

        assertThat(inserted).isEqualTo(2);
        assertThat(Sql.on(connection, "SELECT note FROM sample WHERE id = :id")
                        .bind("id", 3L)
                        .find(row -> row.getString("note")))
                .isEmpty();
        assertThatThrownBy(() -> Sql.on(connection, "SELECT note FROM sample").find(row -> row.getString("note")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most one row");
    }

    @Test
    void mistakesAreNamedBeforeTheDatabaseIsAsked() {
        assertThatThrownBy(() -> Sql.on(connection, "SELECT :a AS a").bind("b", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":b");
        assertThatThrownBy(() -> Sql.on(connection, "SELECT :a AS a").get(row -> row.getLong("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(":a is not bound");
        assertThatThrownBy(() -> Sql.on(connection, "SELECT NULL::bigint AS a").get(row -> row.getLong("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column a is NULL");
        assertThatThrownBy(
                        () -> Sql.on(connection, "SELECT * FROM no_such_table").update())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQL: SELECT * FROM no_such_table");
    }
}
