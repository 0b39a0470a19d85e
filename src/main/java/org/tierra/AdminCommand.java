package org.tierra;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.auth.AccountRepository;
import org.tierra.auth.Passwords;
import org.tierra.config.ConfigException;
import org.tierra.config.TierraConfig;
import org.tierra.db.Database;
import org.tierra.db.EmbeddedPostgres;
import org.tierra.http.Json;

/**
 * {@code java -jar tierra.jar admin create-operator --username NAME [flags]}: creates the server-wide
 * operator, who creates trusts and gives each its first admin. The password comes from
 * {@code TIERRA_ADMIN_PASSWORD} or standard input (asked twice, unechoed, at a terminal).
 *
 * <p>Works whether or not Tierra is running: on a running embedded cluster it connects to it; otherwise
 * it starts the cluster for the moment it needs it.
 */
final class AdminCommand {

    private AdminCommand() {}

    /** Runs the command and returns the exit status. */
    static int run(List<String> arguments, Map<String, String> environment) {
        if (arguments.isEmpty() || !arguments.get(0).equals("create-operator")) {
            System.err.println("tierra: the admin command is: admin create-operator --username NAME [flags]");
            return 2;
        }
        List<String> flags = new ArrayList<>(arguments.subList(1, arguments.size()));
        String username = takeUsername(flags).toLowerCase(Locale.ROOT);
        TierraConfig config = TierraConfig.from(environment, flags);
        String password = Optional.ofNullable(environment.get("TIERRA_ADMIN_PASSWORD"))
                .filter(given -> !given.isEmpty())
                .orElseGet(AdminCommand::readPassword);
        Optional<String> weakness = Passwords.weakness(password, username);
        if (weakness.isPresent()) {
            System.err.println("tierra: " + weakness.get());
            return 2;
        }
        try (Connected connected = connect(config)) {
            Database database = connected.database();
            database.migrate();
            AuditLog audit = new AuditLog(Json.newMapper());
            String hash = Passwords.hash(password);
            boolean created = database.inTransaction(connection -> {
                if (AccountRepository.findUser(connection, username).isPresent()) {
                    return false;
                }
                AccountRepository.createUser(connection, username, "Operator " + username, hash, true);
                audit.record(
                        connection,
                        new Change(
                                Optional.empty(),
                                "admin-command",
                                Optional.of("created on the command line"),
                                Optional.empty()),
                        new AuditEvent(Optional.empty(), "user", username, "create-operator", Map.of()));
                return true;
            });
            if (!created) {
                System.err.println("tierra: a user named " + username + " exists already");
                return 1;
            }
            System.out.println("Created the operator " + username + ".");
            return 0;
        }
    }

    private static String takeUsername(List<String> flags) {
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (flag.startsWith("--username=")) {
                flags.remove(i);
                return flag.substring("--username=".length());
            }
            if (flag.equals("--username") && i + 1 < flags.size()) {
                flags.remove(i);
                return flags.remove(i);
            }
        }
        throw new ConfigException("admin create-operator needs --username NAME");
    }

    private static String readPassword() {
        Optional<Console> console = terminal();
        if (console.isPresent()) {
            char[] first = console.get().readPassword("Password for the operator: ");
            char[] second = console.get().readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new ConfigException("the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new ConfigException("give the password on standard input or in TIERRA_ADMIN_PASSWORD");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The console when standard input is a terminal. Up to Java 21 {@code System.console()} is null
     * otherwise; from Java 22 it always exists and {@code isTerminal()} tells (looked up by reflection
     * because Tierra builds for Java 17).
     */
    @SuppressWarnings("SystemConsoleNull")
    private static Optional<Console> terminal() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try {
            return ((Boolean) Console.class.getMethod("isTerminal").invoke(console))
                    ? Optional.of(console)
                    : Optional.empty();
        } catch (ReflectiveOperationException e) {
            return Optional.of(console); // Java 17 to 21: a console exists only for a terminal
        }
    }

    /** A database connection, and the embedded cluster when this command started it. */
    private record Connected(Database database, Optional<EmbeddedPostgres> startedCluster) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            startedCluster.ifPresent(EmbeddedPostgres::close);
        }
    }

    private static Connected connect(TierraConfig config) {
        if (!config.embeddedDatabase()) {
            return new Connected(
                    Database.connect(
                            config.databaseUrl().orElseThrow(),
                            config.databaseUser().orElse(null),
                            config.databasePassword().orElse(null)),
                    Optional.empty());
        }
        Optional<EmbeddedPostgres.RunningCluster> running =
                EmbeddedPostgres.findRunningCluster(config.dataDir(), TierraApp.DATABASE_NAME);
        if (running.isPresent()) {
            return new Connected(
                    Database.connect(
                            running.get().jdbcUrl(),
                            running.get().user(),
                            running.get().password()),
                    Optional.empty());
        }
        EmbeddedPostgres postgres =
                EmbeddedPostgres.start(config.dataDir(), TierraApp.DATABASE_NAME, EmbeddedPostgres.Durability.DURABLE);
        return new Connected(
                Database.connect(postgres.jdbcUrl(TierraApp.DATABASE_NAME), postgres.user(), postgres.password()),
                Optional.of(postgres));
    }
}
