package org.tierra.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tierra's configuration, read once at start-up from environment variables and command-line flags (a
 * flag wins over its variable).
 *
 * <p>{@code databaseUrl} empty means "run the embedded PostGIS cluster under {@code dataDir}".
 * {@code loadDemo} defaults to true for the embedded cluster and false for an external database.
 * {@code demoPassword} empty means "generate one for the demo accounts".
 */
public record TierraConfig(
        String host,
        int port,
        Path dataDir,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        boolean loadDemo,
        Optional<String> demoPassword,
        Security security,
        ParcelLimits parcelLimits,
        int tileCacheMegabytes) {

    /** What a single parcel boundary may be: beyond these, a write is refused with 422. */
    public record ParcelLimits(int maxVertices, double minAreaSquareMetres, double maxAreaSquareMetres) {
        public ParcelLimits {
            if (minAreaSquareMetres > maxAreaSquareMetres) {
                throw new ConfigException("TIERRA_MIN_PARCEL_AREA_M2 must not exceed TIERRA_MAX_PARCEL_AREA_M2");
            }
        }
    }

    /**
     * How the HTTP side protects itself and its users.
     *
     * @param corsOrigins origins whose pages may call every API route with credentials; the public GET
     *     routes are open to every origin without credentials regardless
     * @param publicUrl where clients reach Tierra (scheme, host, optional port and path), fixing the base
     *     of every link it writes; empty: the request's own address, or what a trusted proxy forwards
     * @param trustedProxies the peers whose {@code Forwarded} and {@code X-Forwarded-*} headers are
     *     believed; from anyone else those headers are ignored
     */
    public record Security(
            boolean secureCookies,
            long maxBodyBytes,
            List<String> corsOrigins,
            Duration sessionIdleTimeout,
            Duration sessionMaximumAge,
            Optional<URI> publicUrl,
            List<AddressRange> trustedProxies) {

        public Security {
            corsOrigins = List.copyOf(corsOrigins);
            trustedProxies = List.copyOf(trustedProxies);
            if (maxBodyBytes < 1_024) {
                throw new ConfigException("TIERRA_MAX_BODY_BYTES must be at least 1024, got " + maxBodyBytes);
            }
            if (sessionIdleTimeout.compareTo(sessionMaximumAge) > 0) {
                throw new ConfigException("TIERRA_SESSION_IDLE_MINUTES must not exceed TIERRA_SESSION_MAX_HOURS");
            }
        }
    }

    /** Every setting: its flag, its environment variable, its default and what it means. */
    public enum Setting {
        HOST("--host", "TIERRA_HOST", "127.0.0.1", "address the HTTP server binds to (0.0.0.0 for every interface)"),
        PORT("--port", "TIERRA_PORT", "7070", "HTTP port (0 picks a free one)"),
        DATA_DIR(
                "--data-dir",
                "TIERRA_DATA_DIR",
                "./data",
                "folder for the embedded PostgreSQL cluster and runtime files"),
        DB_URL("--db-url", "TIERRA_DB_URL", "", "JDBC URL of an external PostGIS database; no embedded cluster then"),
        DB_USER("--db-user", "TIERRA_DB_USER", "", "user for the external database (or put it in the URL)"),
        DB_PASSWORD("--db-password", "TIERRA_DB_PASSWORD", "", "password for the external database"),
        DEMO(
                "--demo",
                "TIERRA_DEMO",
                "",
                "load the demo registry into an empty database (default true when embedded, false when external)"),
        DEMO_PASSWORD(
                "--demo-password",
                "TIERRA_DEMO_PASSWORD",
                "",
                "password of the demo accounts (default: a random one, written to demo-credentials.txt)"),
        SECURE_COOKIES(
                "--secure-cookies",
                "TIERRA_SECURE_COOKIES",
                "false",
                "mark session cookies Secure (set true whenever Tierra is reached over HTTPS)"),
        MAX_BODY_BYTES("--max-body-bytes", "TIERRA_MAX_BODY_BYTES", "10485760", "largest request body accepted"),
        CORS_ORIGINS(
                "--cors-origins",
                "TIERRA_CORS_ORIGINS",
                "",
                "comma-separated origins allowed to call every API route from a browser (public reads are open to all)"),
        PUBLIC_URL(
                "--public-url",
                "TIERRA_PUBLIC_URL",
                "",
                "the URL clients reach Tierra at, e.g. https://registro.example.org/tierra: the base of every link"),
        TRUSTED_PROXIES(
                "--trusted-proxies",
                "TIERRA_TRUSTED_PROXIES",
                "",
                "comma-separated IPs or CIDR blocks of reverse proxies whose X-Forwarded-*/Forwarded headers count"),
        SESSION_IDLE_MINUTES(
                "--session-idle-minutes", "TIERRA_SESSION_IDLE_MINUTES", "60", "a session unused this long ends"),
        SESSION_MAX_HOURS(
                "--session-max-hours", "TIERRA_SESSION_MAX_HOURS", "12", "a session ends this long after login"),
        MAX_PARCEL_VERTICES(
                "--max-parcel-vertices",
                "TIERRA_MAX_PARCEL_VERTICES",
                "20000",
                "most vertices one parcel boundary may have"),
        MIN_PARCEL_AREA_M2(
                "--min-parcel-area-m2", "TIERRA_MIN_PARCEL_AREA_M2", "1", "smallest parcel area accepted, m²"),
        MAX_PARCEL_AREA_M2(
                "--max-parcel-area-m2",
                "TIERRA_MAX_PARCEL_AREA_M2",
                "5000000000",
                "largest parcel area accepted, m² (default 500,000 ha)"),
        TILE_CACHE_MB(
                "--tile-cache-mb",
                "TIERRA_TILE_CACHE_MB",
                "64",
                "memory for vector tiles already made, MB (0: make every tile afresh)");

        public final String flag;
        public final String environmentVariable;
        public final String defaultValue;
        public final String description;

        Setting(String flag, String environmentVariable, String defaultValue, String description) {
            this.flag = flag;
            this.environmentVariable = environmentVariable;
            this.defaultValue = defaultValue;
            this.description = description;
        }
    }

    public TierraConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port must be between 0 and 65535, got " + port);
        }
        if (host.isBlank()) {
            throw new ConfigException("host must not be blank");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** True when Tierra starts and owns its own PostgreSQL cluster. */
    public boolean embeddedDatabase() {
        return databaseUrl.isEmpty();
    }

    /**
     * Reads the configuration from flags ({@code --port 7070} or {@code --port=7070}) over environment
     * variables over defaults.
     *
     * @throws ConfigException naming the flag or variable at fault
     */
    public static TierraConfig from(Map<String, String> environment, List<String> flags) {
        Map<Setting, String> values = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            String fromEnvironment = environment.get(setting.environmentVariable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                values.put(setting, fromEnvironment.strip());
            }
        }
        values.putAll(parseFlags(flags));

        Optional<String> databaseUrl = optional(values, Setting.DB_URL);
        databaseUrl.ifPresent(TierraConfig::requireJdbcUrl);
        boolean loadDemo = optional(values, Setting.DEMO)
                .map(value -> parseBoolean(Setting.DEMO, value))
                .orElse(databaseUrl.isEmpty());
        return new TierraConfig(
                value(values, Setting.HOST),
                (int) parseWholeNumber(values, Setting.PORT, 0, 65_535),
                Path.of(value(values, Setting.DATA_DIR)),
                databaseUrl,
                optional(values, Setting.DB_USER),
                optional(values, Setting.DB_PASSWORD),
                loadDemo,
                optional(values, Setting.DEMO_PASSWORD),
                new Security(
                        parseBoolean(Setting.SECURE_COOKIES, value(values, Setting.SECURE_COOKIES)),
                        parseWholeNumber(values, Setting.MAX_BODY_BYTES, 1_024, Integer.MAX_VALUE),
                        parseOrigins(optional(values, Setting.CORS_ORIGINS)),
                        Duration.ofMinutes(parseWholeNumber(values, Setting.SESSION_IDLE_MINUTES, 1, 60L * 24 * 30)),
                        Duration.ofHours(parseWholeNumber(values, Setting.SESSION_MAX_HOURS, 1, 24L * 90)),
                        optional(values, Setting.PUBLIC_URL).map(TierraConfig::parsePublicUrl),
                        parseTrustedProxies(optional(values, Setting.TRUSTED_PROXIES))),
                new ParcelLimits(
                        (int) parseWholeNumber(values, Setting.MAX_PARCEL_VERTICES, 4, 1_000_000),
                        parseWholeNumber(values, Setting.MIN_PARCEL_AREA_M2, 0, Long.MAX_VALUE),
                        parseWholeNumber(values, Setting.MAX_PARCEL_AREA_M2, 1, Long.MAX_VALUE)),
                (int) parseWholeNumber(values, Setting.TILE_CACHE_MB, 0, 65_536));
    }

    /** The settings as a help text for {@code --help}. */
    public static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar tierra.jar [serve] [flags]
                       java -jar tierra.jar admin create-operator --username NAME [flags]

                Flags (environment variable, default):
                """);
        for (Setting setting : Setting.values()) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %-24s %s (%s, default %s)%n",
                    setting.flag + " X",
                    setting.description,
                    setting.environmentVariable,
                    setting.defaultValue.isEmpty() ? "unset" : setting.defaultValue));
        }
        return text.toString();
    }

    private static Map<Setting, String> parseFlags(List<String> flags) {
        Map<Setting, String> values = new LinkedHashMap<>();
        List<String> remaining = new ArrayList<>(flags);
        while (!remaining.isEmpty()) {
            String argument = remaining.remove(0);
            String name = argument;
            String value = null;
            int equals = argument.indexOf('=');
            if (equals > 0) {
                name = argument.substring(0, equals);
                value = argument.substring(equals + 1);
            }
            Setting setting = settingForFlag(name);
            if (value == null) {
                if (remaining.isEmpty() || remaining.get(0).startsWith("--")) {
                    throw new ConfigException(
                            "flag " + name + " needs a value, e.g. " + name + " " + exampleFor(setting));
                }
                value = remaining.remove(0);
            }
            values.put(setting, value.strip());
        }
        return values;
    }

    private static Setting settingForFlag(String flag) {
        for (Setting setting : Setting.values()) {
            if (setting.flag.equals(flag)) {
                return setting;
            }
        }
        throw new ConfigException("unknown flag '" + flag + "'; run with --help to list the flags");
    }

    private static String exampleFor(Setting setting) {
        return setting.defaultValue.isEmpty() ? "..." : setting.defaultValue;
    }

    private static String value(Map<Setting, String> values, Setting setting) {
        return values.getOrDefault(setting, setting.defaultValue);
    }

    private static Optional<String> optional(Map<Setting, String> values, Setting setting) {
        return Optional.ofNullable(values.get(setting)).filter(value -> !value.isBlank());
    }

    private static long parseWholeNumber(Map<Setting, String> values, Setting setting, long min, long max) {
        String value = value(values, setting);
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    setting.environmentVariable + " / " + setting.flag + " must be a whole number between " + min
                            + " and " + max + ", got '" + value + "'",
                    e);
        }
        if (number < min || number > max) {
            throw new ConfigException(setting.environmentVariable + " / " + setting.flag + " must be between " + min
                    + " and " + max + ", got " + number);
        }
        return number;
    }

    private static boolean parseBoolean(Setting setting, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default ->
                throw new ConfigException(setting.environmentVariable + " / " + setting.flag
                        + " must be true or false, got '" + value + "'");
        };
    }

    private static List<String> parseOrigins(Optional<String> value) {
        List<String> origins = value.map(text -> Arrays.stream(text.split(",", -1))
                        .map(String::strip)
                        .filter(origin -> !origin.isEmpty())
                        .toList())
                .orElse(List.of());
        for (String origin : origins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?") || origin.equals("*")) {
                throw new ConfigException("TIERRA_CORS_ORIGINS holds origins such as https://mapa.example.org"
                        + " (scheme, host and optional port; no path, no '*'), got '" + origin + "'");
            }
        }
        return origins;
    }

    /** An absolute http(s) URL without query or fragment; a trailing slash is dropped. */
    private static URI parsePublicUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException("TIERRA_PUBLIC_URL / --public-url is not a URL: " + e.getMessage(), e);
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigException("TIERRA_PUBLIC_URL / --public-url is an http or https URL with a host and an"
                    + " optional path, such as https://registro.example.org/tierra (no query, no user), got '" + text
                    + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }

    private static List<AddressRange> parseTrustedProxies(Optional<String> value) {
        try {
            return value.map(text -> Arrays.stream(text.split(",", -1))
                            .map(String::strip)
                            .filter(item -> !item.isEmpty())
                            .map(AddressRange::parse)
                            .toList())
                    .orElse(List.of());
        } catch (ConfigException e) {
            throw new ConfigException("TIERRA_TRUSTED_PROXIES / --trusted-proxies: " + e.getMessage(), e);
        }
    }

    private static void requireJdbcUrl(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("TIERRA_DB_URL / --db-url must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://localhost:5432/tierra, got '" + url + "'");
        }
    }
}
