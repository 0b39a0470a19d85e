package org.tierra.db;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL + PostGIS cluster that Tierra creates, starts and stops itself, using the
 * system's PostgreSQL binaries.
 *
 * <p>Layout under the data directory: {@code postgres/} is the cluster (PGDATA, its server log is
 * {@code postgres/server.log}), {@code postgres-password} the generated superuser password (mode 600),
 * {@code tierra.lock} the lock that keeps a second Tierra out. The server listens on 127.0.0.1 only,
 * on a free port chosen at each start, with no unix socket, and accepts only scram-sha-256 logins.
 *
 * <p>PostgreSQL refuses to run as root: when this JVM is root, the server binaries run as the owner of
 * an existing cluster or, for a new one, as the {@code postgres} system user, through {@code runuser}.
 *
 * <p>A server left running by a Tierra that was killed is stopped before the new start; a stale
 * {@code postmaster.pid} is removed. {@link #close()} stops the server and is also run by a JVM
 * shutdown hook, so Ctrl-C and SIGTERM leave no server behind. Instances are thread-safe.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "tierra";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final int START_ATTEMPTS = 3;

    private final Path clusterDir;
    private final PostgresInstallation installation;
    private final Optional<String> serverUser;
    private final String password;
    private final DataDirLock lock;
    private final int port;
    private final Thread shutdownHook;
    private boolean stopped;

    private EmbeddedPostgres(
            Path dataDir,
            PostgresInstallation installation,
            Optional<String> serverUser,
            String password,
            DataDirLock lock,
            int port) {
        this.clusterDir = dataDir.resolve("postgres");
        this.installation = installation;
        this.serverUser = serverUser;
        this.password = password;
        this.lock = lock;
        this.port = port;
        this.shutdownHook = new Thread(this::stopFromShutdownHook, "embedded-postgres-shutdown");
    }

    /** How the cluster trades safety for speed. */
    public enum Durability {
        /** fsync on: what a registry needs. */
        DURABLE,
        /** fsync off: for throwaway test clusters only; a crash can corrupt the cluster. */
        THROWAWAY
    }

    /**
     * Creates the cluster on first use, starts it, and makes sure {@code database} exists with PostGIS.
     *
     * @throws EmbeddedPostgresException with the reason and the server log's tail when it cannot
     */
    public static EmbeddedPostgres start(Path dataDir, String database, Durability durability) {
        requireDatabaseName(database);
        Path absoluteDataDir = dataDir.toAbsolutePath().normalize();
        createDirectories(absoluteDataDir);
        DataDirLock lock = DataDirLock.acquire(absoluteDataDir);
        try {
            PostgresInstallation installation = PostgresInstallation.locate();
            Path clusterDir = absoluteDataDir.resolve("postgres");
            Optional<String> serverUser = serverUserFor(clusterDir);
            serverUser.ifPresent(user -> grantTraversal(absoluteDataDir, user));
            String password = ensureCluster(installation, absoluteDataDir, clusterDir, serverUser);
            stopLeftoverServer(installation, clusterDir, serverUser);
            EmbeddedPostgres postgres =
                    startServer(installation, absoluteDataDir, serverUser, password, lock, durability);
            postgres.ensureDatabase(database);
            return postgres;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** How to reach a cluster that another process (a running Tierra) has started and holds. */
    public record RunningCluster(String jdbcUrl, String user, String password) {}

    /**
     * The cluster in {@code dataDir} if a server is running on it now, for tools such as the admin
     * command that must not start a second server on a data directory a running Tierra holds.
     */
    public static Optional<RunningCluster> findRunningCluster(Path dataDir, String database) {
        Path absoluteDataDir = dataDir.toAbsolutePath().normalize();
        Path clusterDir = absoluteDataDir.resolve("postgres");
        Optional<Long> pid = readPostmasterPid(clusterDir);
        if (pid.isEmpty() || !isPostmasterOf(pid.get(), clusterDir)) {
            return Optional.empty();
        }
        try {
            String port = Files.readAllLines(clusterDir.resolve("tierra.conf"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("port = "))
                    .map(line -> line.substring("port = ".length()).strip())
                    .findFirst()
                    .orElseThrow();
            String password = Files.readString(absoluteDataDir.resolve("postgres-password"), StandardCharsets.UTF_8)
                    .strip();
            return Optional.of(new RunningCluster(
                    "jdbc:postgresql://127.0.0.1:" + port + "/" + requireDatabaseName(database), SUPERUSER, password));
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgresException(
                    "a PostgreSQL server runs on " + clusterDir + " but its settings cannot be read", e);
        }
    }

    /** The JDBC URL of {@code database} on this cluster (user and password are separate). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + requireDatabaseName(database);
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The pid of the running postmaster, read from its pid file. */
    public long postmasterPid() {
        return readPostmasterPid(clusterDir)
                .orElseThrow(() -> new EmbeddedPostgresException("the cluster in " + clusterDir + " is not running"));
    }

    /** Opens a connection to {@code database} as the cluster's superuser. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Creates {@code database} (from {@code template} when given) if it does not exist yet, with PostGIS. */
    public void ensureDatabase(String database) {
        requireDatabaseName(database);
        try (Connection connection = connect("postgres")) {
            if (!databaseExists(connection, database)) {
                try (Statement statement = connection.createStatement()) {
                    // Identifiers cannot be bound; the name passed the allow-list above.
                    statement.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("cannot create database " + database + ": " + e.getMessage(), e);
        }
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        } catch (SQLException e) {
            throw new EmbeddedPostgresException(
                    "cannot create the postgis extension in " + database + ": " + e.getMessage(), e);
        }
    }

    private static boolean databaseExists(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops the server (fast shutdown: open transactions roll back) and releases the data directory. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: it finds stopped == true
        }
        try {
            stopServer(installation, clusterDir, serverUser);
        } finally {
            lock.close();
        }
    }

    private synchronized void stopFromShutdownHook() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            stopServer(installation, clusterDir, serverUser);
        } catch (RuntimeException e) {
            log.error("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }

    private static EmbeddedPostgres startServer(
            PostgresInstallation installation,
            Path dataDir,
            Optional<String> serverUser,
            String password,
            DataDirLock lock,
            Durability durability) {
        Path clusterDir = dataDir.resolve("postgres");
        EmbeddedPostgresException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            writeServerSettings(clusterDir, serverUser, port, durability);
            CommandResult result = run(
                    serverUser,
                    installation.binary("pg_ctl").toString(),
                    "-D",
                    clusterDir.toString(),
                    "-l",
                    clusterDir.resolve("server.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "start");
            if (result.succeeded()) {
                log.info(
                        "Embedded PostgreSQL {} started on 127.0.0.1:{} ({})",
                        installation.majorVersion(),
                        port,
                        clusterDir);
                EmbeddedPostgres postgres =
                        new EmbeddedPostgres(dataDir, installation, serverUser, password, lock, port);
                Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
                return postgres;
            }
            lastFailure = new EmbeddedPostgresException("PostgreSQL did not start (attempt " + attempt + "): "
                    + result.output() + "\nServer log:\n" + tail(clusterDir.resolve("server.log")));
            // Another process may have taken the port between our probe and the server's bind: retry.
            if (!tail(clusterDir.resolve("server.log")).contains("could not bind")) {
                break;
            }
        }
        throw lastFailure;
    }

    private static void writeServerSettings(
            Path clusterDir, Optional<String> serverUser, int port, Durability durability) {
        List<String> settings = new ArrayList<>(List.of(
                "# Written by Tierra at every start; edits here are overwritten.",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = ''",
                "password_encryption = 'scram-sha-256'",
                "timezone = 'UTC'",
                "log_timezone = 'UTC'",
                // Tierra's queries are short (a page, a tile): compiling one with LLVM costs 20-60 ms,
                // more than running it, and the planner's cost estimate for a tile over a million
                // parcels crosses jit_above_cost (src/bench/README.md).
                "jit = off"));
        if (durability == Durability.THROWAWAY) {
            settings.addAll(List.of("fsync = off", "synchronous_commit = off", "full_page_writes = off"));
        }
        Path settingsFile = clusterDir.resolve("tierra.conf");
        try {
            Files.write(settingsFile, settings, StandardCharsets.UTF_8);
            serverUser.ifPresent(user -> changeOwner(settingsFile, user));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot write " + settingsFile, e);
        }
    }

    /** Initialises the cluster when there is none yet, and returns the superuser's password. */
    private static String ensureCluster(
            PostgresInstallation installation, Path dataDir, Path clusterDir, Optional<String> serverUser) {
        Path passwordFile = dataDir.resolve("postgres-password");
        if (Files.exists(clusterDir.resolve("PG_VERSION"))) {
            if (!Files.isReadable(passwordFile)) {
                throw new EmbeddedPostgresException("The cluster in " + clusterDir + " exists but its password file "
                        + passwordFile + " is missing; restore it, or move the cluster away to start afresh.");
            }
            return readString(passwordFile).strip();
        }
        if (Files.exists(clusterDir)) {
            // An initdb that died half-way leaves a folder without PG_VERSION and no data worth keeping.
            log.warn("Removing the incomplete cluster folder {} left by an interrupted set-up", clusterDir);
            deleteRecursively(clusterDir);
        }
        String password = newPassword();
        writePrivateFile(passwordFile, password);
        createDirectories(clusterDir);
        Path initdbPasswordFile = dataDir.resolve("initdb-password");
        try {
            writePrivateFile(initdbPasswordFile, password);
            serverUser.ifPresent(user -> {
                changeOwner(clusterDir, user);
                changeOwner(initdbPasswordFile, user);
            });
            CommandResult result = run(
                    serverUser,
                    installation.binary("initdb").toString(),
                    "-D",
                    clusterDir.toString(),
                    "-U",
                    SUPERUSER,
                    "--pwfile=" + initdbPasswordFile,
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8");
            if (!result.succeeded()) {
                throw new EmbeddedPostgresException("initdb failed in " + clusterDir + ":\n" + result.output());
            }
        } finally {
            deleteIfExists(initdbPasswordFile);
        }
        appendToFile(clusterDir.resolve("postgresql.conf"), "\ninclude_if_exists = 'tierra.conf'\n");
        log.info("Created a PostgreSQL {} cluster in {}", installation.majorVersion(), clusterDir);
        return password;
    }

    /**
     * Clears what a Tierra killed without a chance to clean up leaves behind. We hold the data-dir lock,
     * so no live Tierra owns this cluster: a server still running on it is an orphan to stop, and a pid
     * file whose process is gone (or is now some other program) is stale.
     */
    private static void stopLeftoverServer(
            PostgresInstallation installation, Path clusterDir, Optional<String> serverUser) {
        Optional<Long> pid = readPostmasterPid(clusterDir);
        if (pid.isEmpty()) {
            deleteIfExists(clusterDir.resolve("postmaster.pid"));
            return;
        }
        if (isPostmasterOf(pid.get(), clusterDir)) {
            log.warn(
                    "A PostgreSQL server (pid {}) left running by a Tierra that did not stop cleanly serves {};"
                            + " stopping it before starting again",
                    pid.get(),
                    clusterDir);
            stopServer(installation, clusterDir, serverUser);
        } else {
            log.warn(
                    "Removing the stale {} (pid {} is not a PostgreSQL server of this cluster)",
                    clusterDir.resolve("postmaster.pid"),
                    pid.get());
            deleteIfExists(clusterDir.resolve("postmaster.pid"));
        }
    }

    private static void stopServer(PostgresInstallation installation, Path clusterDir, Optional<String> serverUser) {
        if (readPostmasterPid(clusterDir).isEmpty()) {
            return;
        }
        String pgCtl = installation.binary("pg_ctl").toString();
        CommandResult fast =
                run(serverUser, pgCtl, "-D", clusterDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        if (fast.succeeded()) {
            log.info("Embedded PostgreSQL stopped ({})", clusterDir);
            return;
        }
        log.warn(
                "Fast shutdown failed ({}); trying immediate shutdown",
                fast.output().strip());
        CommandResult immediate =
                run(serverUser, pgCtl, "-D", clusterDir.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
        if (!immediate.succeeded()) {
            throw new EmbeddedPostgresException("cannot stop PostgreSQL in " + clusterDir + ": " + immediate.output());
        }
    }

    private static Optional<Long> readPostmasterPid(Path clusterDir) {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostmasterOf(long pid, Path clusterDir) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            String commandLine = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            return commandLine.contains("postgres") && commandLine.contains(clusterDir.toString());
        } catch (IOException e) {
            return false; // no such process
        }
    }

    /** Who runs the server binaries: nobody else unless this JVM is root. */
    private static Optional<String> serverUserFor(Path clusterDir) {
        if (new UnixSystem().getUid() != 0) {
            return Optional.empty();
        }
        if (Files.exists(clusterDir)) {
            try {
                String owner = Files.getOwner(clusterDir).getName();
                if (!"root".equals(owner)) {
                    return Optional.of(owner);
                }
            } catch (IOException e) {
                throw new EmbeddedPostgresException("cannot read the owner of " + clusterDir, e);
            }
        }
        if (run(Optional.empty(), "id", "-u", "postgres").succeeded()) {
            return Optional.of("postgres");
        }
        throw new EmbeddedPostgresException("Tierra runs as root and PostgreSQL refuses to; it needs the 'postgres'"
                + " system user, which the postgresql package creates (apt-get install -y postgresql).");
    }

    /**
     * The server user must be able to reach the data directory through every parent folder. A folder
     * such as /root (mode 700) blocks it; we add only the traverse bit for others, never read, and say so.
     */
    private static void grantTraversal(Path dataDir, String serverUser) {
        for (Path folder = dataDir.getParent(); folder != null; folder = folder.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    Set<PosixFilePermission> widened = EnumSet.copyOf(permissions);
                    widened.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(folder, widened);
                    log.warn(
                            "Allowed other users to traverse (not list) {} so that the '{}' user can reach {}",
                            folder,
                            serverUser,
                            dataDir);
                }
            } catch (IOException e) {
                throw new EmbeddedPostgresException("cannot make " + folder + " traversable for " + serverUser, e);
            }
        }
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dataDir));
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(dataDir, permissions);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot make " + dataDir + " traversable for " + serverUser, e);
        }
    }

    private static void changeOwner(Path path, String user) {
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(lookup.lookupPrincipalByName(user));
            view.setGroup(lookup.lookupPrincipalByGroupName(user));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot give " + path + " to the user " + user, e);
        }
    }

    private static CommandResult run(Optional<String> asUser, String... command) {
        List<String> fullCommand = new ArrayList<>();
        asUser.ifPresent(user -> fullCommand.addAll(List.of("runuser", "-u", user, "--")));
        fullCommand.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(fullCommand).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream stdout = process.getInputStream()) {
                output = stdout.readAllBytes();
            }
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedPostgresException("timed out: " + String.join(" ", fullCommand));
            }
            return new CommandResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "cannot run " + String.join(" ", fullCommand) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while running " + String.join(" ", fullCommand), e);
        }
    }

    private record CommandResult(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot find a free port on 127.0.0.1", e);
        }
    }

    private static String requireDatabaseName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database names are lower-case letters, digits and _: " + database);
        }
        return database;
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void writePrivateFile(Path file, String content) {
        try {
            deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot write " + file, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read " + file, e);
        }
    }

    private static void appendToFile(Path file, String text) {
        try {
            Files.writeString(file, readString(file) + text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot write " + file, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no server log at " + log + ")";
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot create " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot delete " + file, e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot delete " + directory, e);
        }
    }
}
