package org.tierra.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tierra.access.Change;
import org.tierra.db.Database;
import org.tierra.http.Json;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;

/** The audit log's guarantees, enforced by the database: append-only, gapless, hash-chained. */
class AuditLogTest {

    private final AuditLog audit = new AuditLog(Json.newMapper());
    private TestDatabase testDatabase;
    private Database database;

    @BeforeEach
    void fiveEntries() {
        testDatabase = TestPostgres.freshDatabase();
        database = Database.connect(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password());
        for (int i = 1; i <= 5; i++) {
            int number = i;
            database.inTransaction(connection -> audit.record(
                    connection,
                    Change.bySystem("reason " + number),
                    new AuditEvent(Optional.empty(), "test", "entity-" + number, "create", Map.of("n", number))));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anUntouchedLogVerifies() {
        AuditLog.Verification verification = audit.verify(database);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(5);
        assertThat(verification.headHash()).hasSize(64);
        assertThat(testDatabase.queryColumn("SELECT id FROM audit_entry ORDER BY id"))
                .containsExactly("1", "2", "3", "4", "5");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "UPDATE audit_entry SET reason = 'rewritten' WHERE id = 3",
                "DELETE FROM audit_entry WHERE id = 3",
                "TRUNCATE audit_entry"
            })
    void theDatabaseRefusesToChangeEntries(String sql) {
        assertThatThrownBy(() -> testDatabase.execute(sql)).hasStackTraceContaining("the audit log is append-only");
        assertThat(audit.verify(database).valid()).isTrue();
    }

    @Test
    void anAlteredEntryIsFound() {
        tamper("UPDATE audit_entry SET reason = 'nothing happened' WHERE id = 3");

        AuditLog.Verification verification = audit.verify(database);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).hasValue(3L);
        assertThat(verification.problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("altered"));
    }

    @Test
    void anAlteredEntryWithARecomputedHashBreaksTheNextLink() {
        tamper("UPDATE audit_entry SET reason = 'nothing happened' WHERE id = 3");
        tamper("UPDATE audit_entry e SET hash = sha256(audit_entry_content(e)) WHERE id = 3");

        AuditLog.Verification verification = audit.verify(database);

        assertThat(verification.brokenAt()).hasValue(4L);
        assertThat(verification.problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("does not link"));
    }

    @Test
    void aRemovedEntryIsFound() {
        tamper("DELETE FROM audit_entry WHERE id = 2");

        AuditLog.Verification verification = audit.verify(database);

        assertThat(verification.brokenAt()).hasValue(3L);
        assertThat(verification.problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("gap"));
    }

    @Test
    void anEntryRolledBackWithItsChangeLeavesNoTrace() {
        assertThatThrownBy(() -> database.inTransaction(connection -> {
                    audit.record(
                            connection,
                            Change.bySystem("will fail"),
                            new AuditEvent(Optional.empty(), "test", "doomed", "create", Map.of()));
                    throw new IllegalStateException("the change failed");
                }))
                .hasMessage("the change failed");

        assertThat(testDatabase.queryLong("SELECT count(*) FROM audit_entry")).isEqualTo(5);
        database.inTransaction(connection -> audit.record(
                connection,
                Change.bySystem("after the rollback"),
                new AuditEvent(Optional.empty(), "test", "next", "create", Map.of())));
        assertThat(audit.verify(database).valid())
                .as("no gap from the rolled-back entry")
                .isTrue();
    }

    @Test
    void concurrentWritersKeepOneGaplessChain() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Long>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int number = i;
                writes.add(() -> database.inTransaction(connection -> audit.record(
                        connection,
                        Change.bySystem("parallel"),
                        new AuditEvent(Optional.empty(), "test", "parallel-" + number, "create", Map.of()))));
            }
            for (Future<Long> write : executor.invokeAll(writes)) {
                write.get();
            }
        } finally {
            executor.shutdownNow();
        }

        AuditLog.Verification verification = audit.verify(database);
        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(45);
    }

    /** What only someone with the database's superuser could do: bypass the append-only triggers. */
    private void tamper(String sql) {
        testDatabase.execute(
                "SET session_replication_role = replica; " + sql + "; SET session_replication_role = origin");
    }
}
