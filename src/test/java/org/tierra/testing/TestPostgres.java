package org.tierra.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.tierra.db.Database;
import org.tierra.db.EmbeddedPostgres;

/**
 * The one throwaway PostGIS cluster of a test run, started with Tierra's own launcher under
 * {@code target/test-postgres}, with the real migrations applied once to a template database. Each
 * test that needs isolation takes a {@link #freshDatabase()} copied from that template.
 *
 * <p>The cluster is stopped by the launcher's shutdown hook when the test JVM exits.
 */
public final class TestPostgres {

    private static final String TEMPLATE = "tierra_template";
    private static final AtomicInteger databaseCounter = new AtomicInteger();
    private static EmbeddedPostgres cluster;

    private TestPostgres() {}

    /** A database of its own for one test or test class: migrated, empty of data. */
    public static TestDatabase freshDatabase() {
        EmbeddedPostgres postgres = cluster();
        String name = "test_" + ProcessHandle.current().pid() + "_" + databaseCounter.incrementAndGet();
        try (Connection connection = postgres.connect("postgres");
                Statement statement = connection.createStatement()) {
            // Names are generated above from digits; identifiers cannot be bound.
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new TestDatabase(postgres.jdbcUrl(name), postgres.user(), postgres.password());
    }

    /** The shared cluster, started on first use. */
    public static synchronized EmbeddedPostgres cluster() {
        if (cluster == null) {
            Path dataDir = Path.of("target", "test-postgres").toAbsolutePath();
            discardEarlierRun(dataDir);
            cluster = EmbeddedPostgres.start(dataDir, TEMPLATE, EmbeddedPostgres.Durability.THROWAWAY);
            try (Database template = Database.connect(cluster.jdbcUrl(TEMPLATE), cluster.user(), cluster.password())) {
                template.migrate();
            }
        }
        return cluster;
    }

    /** A folder under target/ for a test's own data directory, empty. */
    public static Path emptyDirectory(String name) {
        Path directory =
                Path.of("target", "test-data", name + "-" + System.nanoTime()).toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return directory;
    }

    /** Stops a cluster a killed test run left behind, then removes its folder. */
    private static void discardEarlierRun(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return;
        }
        try {
            EmbeddedPostgres.start(dataDir, TEMPLATE, EmbeddedPostgres.Durability.THROWAWAY)
                    .close();
        } catch (RuntimeException e) {
            // whatever is left, we delete it below
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + dataDir, e);
        }
    }
}
