package org.tierra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tierra.testing.PgCtl;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/**
 * The packaged {@code target/tierra.jar} as a user runs it: a separate process with its own embedded
 * PostgreSQL, stopped by SIGTERM (what Ctrl-C and service managers send) or killed outright.
 */
class TierraJarIT {

    private static final Pattern UP = Pattern.compile("is up at http://localhost:(\\d+)/");
    private final List<RunningJar> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (RunningJar jar : started) {
            jar.process.destroy();
            jar.process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsWithDemoDataAndSigtermStopsItsPostgresToo() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("jar-sigterm");
        RunningJar tierra = start(dataDir);
        TestHttp http = new TestHttp(tierra.awaitPort());
        long postmaster = postmasterPid(dataDir);

        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(http.get("/api/v1/parcels")).get("features").size())
                .isBetween(30, 60);

        tierra.process.destroy(); // SIGTERM
        assertThat(tierra.process.waitFor(60, TimeUnit.SECONDS))
                .as("Tierra exits")
                .isTrue();

        assertThat(PgCtl.isAlive(postmaster)).as("no orphan PostgreSQL").isFalse();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(tierra.output()).contains("Embedded PostgreSQL stopped", "Tierra stopped");
    }

    @Test
    void aSecondTierraOnTheSameDataDirExitsWithAClearErrorAndTheFirstKeepsServing() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("jar-second");
        RunningJar first = start(dataDir);
        TestHttp http = new TestHttp(first.awaitPort());

        RunningJar second = start(dataDir);
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(second.process.exitValue()).isEqualTo(1);
        assertThat(second.output()).contains("in use by another Tierra", "pid " + first.process.pid());
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void afterACrashTheNextStartStopsTheOrphanedPostgresAndComesUp() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("jar-crash");
        RunningJar crashed = start(dataDir);
        crashed.awaitPort();
        long orphan = postmasterPid(dataDir);
        crashed.process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(PgCtl.isAlive(orphan))
                .as("the crash leaves PostgreSQL running")
                .isTrue();

        RunningJar restarted = start(dataDir);
        TestHttp http = new TestHttp(restarted.awaitPort());

        assertThat(PgCtl.isAlive(orphan)).isFalse();
        assertThat(restarted.output()).contains("left running by a Tierra that did not stop cleanly");
        assertThat(TestHttp.json(http.get("/api/v1/parcels")).get("features").size())
                .as("demo data loaded once, not twice")
                .isBetween(30, 60);
    }

    @Test
    void helpListsTheFlagsAndABadFlagExitsWith2() throws Exception {
        RunningJar help = startWith(List.of("--help"));
        RunningJar bad = startWith(List.of("--prot", "80"));

        assertThat(help.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.process.exitValue()).isZero();
        assertThat(help.output()).contains("--port", "TIERRA_PORT", "--data-dir", "TIERRA_DB_URL");
        assertThat(bad.process.exitValue()).isEqualTo(2);
        assertThat(bad.output()).contains("unknown flag '--prot'");
    }

    @Test
    void theAdminCommandCreatesTheOperatorWhetherTierraRunsOrNot() throws Exception {
        Path dataDir = TestPostgres.emptyDirectory("jar-admin");
        RunningJar stopped = startWith(
                List.of("admin", "create-operator", "--username", "operadora", "--data-dir", dataDir.toString()),
                java.util.Map.of("TIERRA_ADMIN_PASSWORD", "la responsable del servidor"),
                "");
        assertThat(stopped.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(stopped.process.exitValue()).as(stopped.output()).isZero();

        RunningJar tierra = start(dataDir);
        TestHttp http = new TestHttp(tierra.awaitPort());
        RunningJar whileRunning = startWith(
                List.of("admin", "create-operator", "--username=segundo", "--data-dir", dataDir.toString()),
                java.util.Map.of(),
                "una clave para el turno de noche\n");
        RunningJar duplicate = startWith(
                List.of("admin", "create-operator", "--username", "operadora", "--data-dir", dataDir.toString()),
                java.util.Map.of(),
                "la responsable del servidor\n");
        RunningJar weak = startWith(
                List.of("admin", "create-operator", "--username", "debil", "--data-dir", dataDir.toString()),
                java.util.Map.of("TIERRA_ADMIN_PASSWORD", "corta"),
                "");

        assertThat(whileRunning.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(whileRunning.process.exitValue()).as(whileRunning.output()).isZero();
        assertThat(duplicate.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(duplicate.process.exitValue()).isEqualTo(1);
        assertThat(duplicate.output()).contains("exists already");
        assertThat(weak.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(weak.process.exitValue()).isEqualTo(2);
        for (String[] operator : new String[][] {
            {"operadora", "la responsable del servidor"}, {"segundo", "una clave para el turno de noche"}
        }) {
            TestHttp.Session session = http.signIn(operator[0], operator[1]);
            assertThat(TestHttp.json(session.signInResponse())
                            .at("/user/operator")
                            .asBoolean())
                    .isTrue();
        }
    }

    private RunningJar start(Path dataDir) throws IOException {
        return startWith(List.of("--data-dir", dataDir.toString(), "--port", "0"));
    }

    private RunningJar startWith(List<String> arguments) throws IOException {
        return startWith(arguments, java.util.Map.of(), "");
    }

    private RunningJar startWith(List<String> arguments, java.util.Map<String, String> environment, String input)
            throws IOException {
        String jar = System.getProperty("tierra.jar", "target/tierra.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar));
        command.addAll(arguments);
        Path folder = TestPostgres.emptyDirectory("jar-output");
        Path log = folder.resolve("tierra.log");
        Path stdin = Files.writeString(folder.resolve("stdin"), input, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(stdin.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TIERRA_"));
        builder.environment().putAll(environment);
        RunningJar running = new RunningJar(builder.start(), log);
        started.add(running);
        return running;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                .get(0)
                .strip());
    }

    /** A Tierra process; what it prints goes to a file, read as it grows. */
    private static final class RunningJar {
        final Process process;
        private final Path log;

        RunningJar(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        int awaitPort() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher up = UP.matcher(output());
                if (up.find()) {
                    return Integer.parseInt(up.group(1));
                }
                if (!process.isAlive()) {
                    throw new AssertionError("Tierra exited with " + process.exitValue() + ":\n" + output());
                }
                Thread.sleep(100);
            }
            throw new AssertionError("Tierra did not come up within 2 minutes:\n" + output());
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }
}
