package org.tierra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tierra.testing.PgCtl;
import org.tierra.testing.TestPostgres;

/** The launcher against the system's real PostgreSQL binaries: each test owns its data directory. */
class EmbeddedPostgresTest {

    private static final EmbeddedPostgres.Durability FAST = EmbeddedPostgres.Durability.THROWAWAY;

    @Test
    void startsAPrivateClusterWithPostgisOnLoopbackOnly() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-start");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThat(query(postgres, "registry", "SELECT postgis_lib_version()"))
                    .startsWith("3.");
            assertThat(query(postgres, "registry", "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(query(postgres, "registry", "SHOW unix_socket_directories"))
                    .isEmpty();
            assertThat(query(postgres, "registry", "SHOW fsync")).isEqualTo("off");
            assertThat(query(postgres, "registry", "SHOW jit")).isEqualTo("off");
            assertThat(postgres.jdbcUrl("registry"))
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/registry");
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("postgres-password")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.exists(dataDir.resolve("initdb-password")))
                    .as("initdb's password file is removed")
                    .isFalse();
        }
    }

    @Test
    void refusesAWrongPassword() {
        Path dataDir = TestPostgres.emptyDirectory("launcher-auth");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThatThrownBy(
                            () -> java.sql.DriverManager.getConnection(postgres.jdbcUrl("registry"), "tierra", "wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void stopEndsTheServerProcess() {
        Path dataDir = TestPostgres.emptyDirectory("launcher-stop");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST);
        long pid = postgres.postmasterPid();
        assertThat(PgCtl.isAlive(pid)).isTrue();

        postgres.close();
        postgres.close(); // idempotent

        assertThat(PgCtl.isAlive(pid)).isFalse();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
    }

    @Test
    void restartOnAnExistingDataDirKeepsTheData() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-restart");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            execute(first, "registry", "CREATE TABLE kept (word text); INSERT INTO kept VALUES ('milpa')");
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThat(query(second, "registry", "SELECT word FROM kept")).isEqualTo("milpa");
        }
    }

    @ParameterizedTest(name = "pid file naming a {0} process")
    @ValueSource(strings = {"dead", "non-postgres"})
    void recoversFromAStalePidFile(String kind) throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-stale-" + kind);
        EmbeddedPostgres.start(dataDir, "registry", FAST).close();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            if (kind.equals("dead")) {
                other.destroyForcibly().waitFor();
            }
            Path pidFile = dataDir.resolve("postgres/postmaster.pid");
            Files.writeString(pidFile, other.pid() + "\n" + dataDir.resolve("postgres") + "\n", StandardCharsets.UTF_8);

            try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
                assertThat(postgres.postmasterPid()).isNotEqualTo(other.pid());
                assertThat(query(postgres, "registry", "SELECT 'up'")).isEqualTo("up");
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void stopsAServerLeftRunningByACrashedTierraBeforeStarting() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-orphan");
        EmbeddedPostgres.start(dataDir, "registry", FAST).close();
        PgCtl.start(dataDir); // what a Tierra killed with SIGKILL leaves behind
        long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                .get(0)
                .strip());
        assertThat(PgCtl.isAlive(orphan)).isTrue();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThat(PgCtl.isAlive(orphan)).isFalse();
            assertThat(postgres.postmasterPid()).isNotEqualTo(orphan);
            assertThat(query(postgres, "registry", "SELECT 'up'")).isEqualTo("up");
        }
    }

    @Test
    void aSecondInstanceOnTheSameDataDirIsRefusedAndTheFirstKeepsWorking() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-second");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, "registry", FAST))
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("in use by another Tierra")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());

            assertThat(query(first, "registry", "SELECT 'still up'")).isEqualTo("still up");
        }
    }

    @Test
    void runsTheServerAsThePostgresUserWhenRootAndAsItselfOtherwise() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-user");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            long ourUid = new UnixSystem().getUid();
            long expectedUid = ourUid == 0 ? uidOfPostgresUser() : ourUid;

            assertThat(PgCtl.uidOf(postgres.postmasterPid())).isEqualTo(expectedUid);
            assertThat(Files.getOwner(dataDir.resolve("postgres")).getName())
                    .isEqualTo(ourUid == 0 ? "postgres" : System.getProperty("user.name"));
        }
    }

    @Test
    void asRootReachesADataDirInsideAPrivateFolder() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only root has to hand the data dir to another user");
        Path privateFolder = TestPostgres.emptyDirectory("launcher-private");
        Files.setPosixFilePermissions(privateFolder, PosixFilePermissions.fromString("rwx------"));
        Path dataDir = privateFolder.resolve("data");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThat(query(postgres, "registry", "SELECT 'up'")).isEqualTo("up");
            assertThat(Files.getPosixFilePermissions(privateFolder))
                    .contains(PosixFilePermission.OTHERS_EXECUTE)
                    .doesNotContain(PosixFilePermission.OTHERS_READ);
        }
    }

    @Test
    void replacesAClusterFolderThatAnInterruptedSetUpLeftIncomplete() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-incomplete");
        Files.createDirectories(dataDir.resolve("postgres/base"));
        Files.writeString(dataDir.resolve("postgres/postgresql.conf"), "# half-written\n");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            assertThat(query(postgres, "registry", "SELECT 'up'")).isEqualTo("up");
        }
    }

    @Test
    void aClusterWithoutItsPasswordFileIsAClearError() throws IOException {
        Path dataDir = TestPostgres.emptyDirectory("launcher-nopassword");
        EmbeddedPostgres.start(dataDir, "registry", FAST).close();
        Files.delete(dataDir.resolve("postgres-password"));

        assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, "registry", FAST))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("password file")
                .hasMessageContaining(dataDir.resolve("postgres-password").toString());
    }

    @Test
    void ensureDatabaseIsIdempotent() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("launcher-ensure");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, "registry", FAST)) {
            execute(postgres, "registry", "CREATE TABLE kept (word text)");

            postgres.ensureDatabase("registry");
            postgres.ensureDatabase("other");

            assertThat(query(postgres, "registry", "SELECT to_regclass('kept')::text"))
                    .isEqualTo("kept");
            assertThat(query(postgres, "other", "SELECT extname FROM pg_extension WHERE extname = 'postgis'"))
                    .isEqualTo("postgis");
        }
    }

    @Test
    void rejectsDatabaseNamesThatWouldNeedQuoting() {
        Path dataDir = TestPostgres.emptyDirectory("launcher-names");
        assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, "x\"; DROP DATABASE postgres; --", FAST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long uidOfPostgresUser() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u", "postgres").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        id.waitFor();
        return Long.parseLong(uid);
    }

    private static String query(EmbeddedPostgres postgres, String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(EmbeddedPostgres postgres, String database, String sql) throws SQLException {
        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
