package org.tierra.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.access.Change;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.auth.AccountRepository;
import org.tierra.auth.Passwords;
import org.tierra.auth.User;
import org.tierra.config.ConfigException;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.imports.ParcelImport;
import org.tierra.trusts.NewTrust;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fictional demo registry near Oaxaca de Juárez: a community land trust and an ejido with their
 * parcels, parties, leases, fees and stewardship ({@link DemoTenure}), and one demo account per role. Loaded into an empty database only, through the same import
 * a user's GeoJSON goes through, in one audited transaction: a restart or a second instance never
 * duplicates it.
 *
 * <p>The demo accounts share one password: {@code TIERRA_DEMO_PASSWORD} when set, otherwise a random
 * one written to {@code demo-credentials.txt} (mode 600) in the data directory and printed in the log.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String TRUSTS = "/demo/trusts.json";
    private static final String PARCELS = "/demo/parcels.geojson";
    private static final String TENURE = "/demo/tenure.json";
    private static final String REASON = "demo registry (fictional data)";
    /** Serialises concurrent first starts on one database; any constant unique to this purpose. */
    private static final long DEMO_LOAD_LOCK = 0x7469_6572_7261_01L;

    /** A demo account: one per role, with its roles per trust code. */
    private record DemoAccount(String username, String displayName, Map<String, Role> roles) {}

    private static final List<DemoAccount> ACCOUNTS = List.of(
            new DemoAccount(
                    "demo-admin",
                    "Administración (demo)",
                    Map.of("ftc-jacarandas", Role.ADMIN, "ejido-loma-sabinos", Role.ADMIN)),
            new DemoAccount(
                    "demo-board",
                    "Consejo directivo (demo)",
                    Map.of("ftc-jacarandas", Role.BOARD, "ejido-loma-sabinos", Role.BOARD)),
            new DemoAccount(
                    "demo-staff",
                    "Personal técnico (demo)",
                    Map.of("ftc-jacarandas", Role.STAFF, "ejido-loma-sabinos", Role.STAFF)),
            new DemoAccount("demo-farmer", "Familia arrendataria (demo)", Map.of("ftc-jacarandas", Role.LESSEE)),
            new DemoAccount(
                    "demo-researcher",
                    "Investigación (demo)",
                    Map.of("ftc-jacarandas", Role.RESEARCHER, "ejido-loma-sabinos", Role.RESEARCHER)));

    private DemoData() {}

    /** Where the demo accounts' password goes when Tierra generated it. */
    public static Path credentialsFile(Path dataDir) {
        return dataDir.resolve("demo-credentials.txt");
    }

    /**
     * Loads the demo registry and accounts when the database holds no trust yet; returns whether it did.
     *
     * @throws ConfigException when {@code password} is given but too weak
     */
    public static boolean loadIfEmpty(
            Database database, JsonMapper json, AuditLog audit, Optional<String> password, Path dataDir) {
        password.ifPresent(given -> Passwords.weakness(given, "demo").ifPresent(reason -> {
            throw new ConfigException("TIERRA_DEMO_PASSWORD is not acceptable: " + reason);
        }));
        JsonNode trusts = readResource(json, TRUSTS);
        JsonNode parcels = readResource(json, PARCELS);
        JsonNode tenure = readResource(json, TENURE);
        String accountPassword = password.orElseGet(DemoData::generatePassword);
        boolean loaded = database.inTransaction(connection -> {
            lockDemoLoad(connection);
            if (TrustRepository.countTrusts(connection) > 0) {
                return false;
            }
            for (JsonNode trust : trusts) {
                Trust created = TrustRepository.createTrust(
                        connection,
                        new NewTrust(
                                trust.get("code").asString(),
                                trust.get("name").asString(),
                                Trust.Kind.fromField("kind", trust.get("kind").asString())));
                audit.record(
                        connection,
                        Change.bySystem(REASON),
                        new AuditEvent(Optional.of(created.id()), "trust", created.code(), "create", Map.of()));
            }
            Change.bySystem(REASON).mark(connection, "import");
            ParcelImport.Result result = ParcelImport.importFeatureCollection(connection, parcels);
            for (ParcelImport.CreatedParcel parcel : result.parcels()) {
                audit.record(
                        connection,
                        Change.bySystem(REASON),
                        new AuditEvent(
                                Optional.of(parcel.trustId()),
                                "parcel",
                                Long.toString(parcel.id()),
                                "create",
                                Map.of("code", parcel.code())));
            }
            createAccounts(connection, audit, accountPassword);
            Change.bySystem(REASON).mark(connection, "create");
            int leases = DemoTenure.load(connection, json, audit, tenure, LocalDate.now(ZoneOffset.UTC));
            log.info(
                    "Loaded the demo registry: {} trusts, {} parcels, {} leases, {} demo accounts",
                    trusts.size(),
                    result.parcelsCreated(),
                    leases,
                    ACCOUNTS.size());
            return true;
        });
        if (loaded) {
            announceNewAccounts(password.isEmpty() ? Optional.of(accountPassword) : Optional.empty(), dataDir);
        } else if (Files.exists(credentialsFile(dataDir))) {
            log.info("Demo accounts ({}): the password is in {}", usernames(), credentialsFile(dataDir));
        }
        return loaded;
    }

    private static void createAccounts(Connection connection, AuditLog audit, String password) {
        for (DemoAccount account : ACCOUNTS) {
            User user = AccountRepository.createUser(
                    connection, account.username(), account.displayName(), Passwords.hash(password), false);
            audit.record(
                    connection,
                    Change.bySystem(REASON),
                    new AuditEvent(Optional.empty(), "user", user.username(), "create", Map.of()));
            account.roles().forEach((trustCode, role) -> {
                Trust trust =
                        TrustRepository.findTrustByCode(connection, trustCode).orElseThrow();
                AccountRepository.setRole(connection, user.id(), trust.id(), role);
                audit.record(
                        connection,
                        Change.bySystem(REASON),
                        new AuditEvent(
                                Optional.of(trust.id()),
                                "membership",
                                user.username(),
                                "grant",
                                Map.of("role", role.code())));
            });
        }
    }

    /** A generated password is written down (mode 600) and printed once; a given one is never printed. */
    private static void announceNewAccounts(Optional<String> generatedPassword, Path dataDir) {
        if (generatedPassword.isEmpty()) {
            log.info("Demo accounts ({}) use the password from TIERRA_DEMO_PASSWORD", usernames());
            return;
        }
        Path file = credentialsFile(dataDir);
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file,
                    "# Tierra demo accounts (demo data only; fictional registry)\n" + "usernames: " + usernames()
                            + "\npassword: " + generatedPassword.get() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("Could not write {}: {}", file, e.getMessage());
        }
        log.info("Demo accounts ({}) have the password {} (also in {})", usernames(), generatedPassword.get(), file);
    }

    private static String usernames() {
        return String.join(", ", ACCOUNTS.stream().map(DemoAccount::username).toList());
    }

    /** Four groups of five letters and digits: easy to type, about 100 bits. */
    private static String generatePassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static void lockDemoLoad(Connection connection) {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, DEMO_LOAD_LOCK);
            lock.execute();
        } catch (SQLException e) {
            throw new DatabaseException("SELECT pg_advisory_xact_lock(?)", e);
        }
    }

    private static JsonNode readResource(JsonMapper json, String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo resource " + name + " is missing from this build");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
