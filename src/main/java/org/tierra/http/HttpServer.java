package org.tierra.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import io.javalin.security.Roles;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.config.TierraConfig;
import org.tierra.db.DatabaseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tierra's HTTP server: the features' routes, the web map's files, and the one place where failures
 * become {@code application/problem+json} responses.
 *
 * <p>Every response carries an {@code X-Request-Id} (the client's, when it sent a sane one), which
 * also appears in the request log line and in any 500's body, so a user's report can be matched to
 * the server log.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger requestLog = LoggerFactory.getLogger("org.tierra.requests");
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String REQUEST_ID = "tierra.requestId";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom random = new SecureRandom();

    private final Javalin javalin;

    private HttpServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Builds the server with {@code routeGroups}, in order (the access control first), and starts it on
     * {@code host}:{@code port} (0: any free port).
     */
    public static HttpServer start(
            String host,
            int port,
            JsonMapper jsonMapper,
            TierraConfig.Security security,
            List<RouteGroup> routeGroups) {
        Javalin javalin = Javalin.create(config -> configure(config, jsonMapper, security, routeGroups));
        javalin.start(host, port);
        return new HttpServer(javalin);
    }

    /** A registered route and the access it declares. */
    public record Route(String method, String path, Set<String> access) {}

    /** Every HTTP route, for the test that checks each one declares and enforces its access. */
    public List<Route> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> new Route(
                        endpoint.method.name(),
                        endpoint.path,
                        Optional.ofNullable(endpoint.metadata(Roles.class))
                                .map(roles -> roles.getRoles().stream()
                                        .map(Object::toString)
                                        .collect(Collectors.toSet()))
                                .orElse(Set.of())))
                .toList();
    }

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static void configure(
            JavalinConfig config, JsonMapper jsonMapper, TierraConfig.Security security, List<RouteGroup> routeGroups) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson3(jsonMapper, false));
        // Farmers read the map over slow rural links: compress what is worth compressing.
        config.http.compressionStrategy = CompressionStrategy.GZIP;
        config.http.maxRequestSize = security.maxBodyBytes();
        // Jetty reads (and spools to disk) a multipart body before any handler runs: a body sent without
        // Content-Length must be cut off at the same limit while it is read, not after.
        config.jetty.multipartConfig.maxTotalRequestSize(security.maxBodyBytes(), SizeUnit.BYTES);
        config.router.ignoreTrailingSlashes = true;
        config.http.prefer405over404 = true;
        addMapFiles(config);
        config.requestLogger.http(HttpServer::logRequest);

        RoutesConfig routes = config.routes;
        routes.before(HttpServer::assignRequestId);
        routes.before(HttpServer::addSecurityHeaders);
        routes.before(ctx -> refuseOversizedBody(ctx, security.maxBodyBytes()));
        routes.before(HttpServer::refuseNulInUrl);
        CrossOrigin crossOrigin = new CrossOrigin(security.corsOrigins());
        routes.before(crossOrigin::answerPreflight);
        routes.beforeMatched(crossOrigin::allowMatchedRoute);
        routeGroups.forEach(group -> group.addRoutes(routes));
        routes.exception(ApiProblem.class, (problem, ctx) -> Problems.render(ctx, problem));
        routes.exception(
                HttpResponseException.class, (exception, ctx) -> Problems.render(ctx, fromJavalin(exception, ctx)));
        routes.exception(JacksonException.class, (exception, ctx) -> Problems.render(ctx, malformedJson(exception)));
        routes.exception(DatabaseException.class, HttpServer::handleDatabaseFailure);
        routes.exception(Exception.class, HttpServer::handleUnexpected);
        routes.error(404, ctx -> {
            if (!Problems.isProblem(ctx)) {
                Problems.render(ctx, ApiProblem.notFound("Nothing here at " + ctx.path() + "."));
            }
        });
    }

    /**
     * The map's built files live in the jar under /public. Hashed assets never change under their name,
     * so browsers may keep them for a year; the page itself is revalidated on every visit.
     */
    private static void addMapFiles(JavalinConfig config) {
        if (HttpServer.class.getResource("/public/index.html") == null) {
            log.warn("The web map is not in this build (built with -DskipMap?): / will answer 404");
            return;
        }
        if (HttpServer.class.getResource("/public/assets") != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/public/assets";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
                files.roles = Set.of(Access.PUBLIC);
            });
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
            files.roles = Set.of(Access.PUBLIC);
        });
    }

    private static void assignRequestId(Context ctx) {
        String given = ctx.header(REQUEST_ID_HEADER);
        String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches()
                ? given
                : HexFormat.of().formatHex(randomBytes());
        ctx.attribute(REQUEST_ID, requestId);
        ctx.header(REQUEST_ID_HEADER, requestId);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The id of the request being handled; empty before the id is assigned. */
    public static String requestId(Context ctx) {
        String requestId = ctx.attribute(REQUEST_ID);
        return requestId == null ? "" : requestId;
    }

    /**
     * The page may load only its own files. MapLibre runs its worker from a blob: URL and draws
     * images from data: and blob: URLs; nothing else is allowed, and no page may frame Tierra.
     */
    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "worker-src blob:",
            "child-src blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private static void addSecurityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
    }

    /**
     * PostgreSQL cannot store or compare the NUL character, so a %00 anywhere in the URL would reach it
     * only to fail there: refuse it here, as the caller's mistake it is.
     */
    private static void refuseNulInUrl(Context ctx) {
        boolean nul = ctx.path().indexOf('\0') >= 0;
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            nul |= parameter.getKey().indexOf('\0') >= 0
                    || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0);
        }
        if (nul) {
            throw new ApiProblem(
                    400,
                    "invalid-parameter",
                    "Invalid parameter",
                    "The URL holds a NUL character (%00), which no parameter accepts.",
                    Map.of());
        }
    }

    /** Refuses a declared body over the limit before reading any of it. */
    private static void refuseOversizedBody(Context ctx, long maxBodyBytes) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            throw new ApiProblem(
                    413,
                    "request-too-large",
                    "Request too large",
                    "The request body has " + declared + " bytes; this server accepts at most " + maxBodyBytes + ".",
                    Map.of("maxBytes", maxBodyBytes));
        }
    }

    private static void logRequest(Context ctx, Float milliseconds) {
        String query = ctx.queryString();
        requestLog.info(
                "{} {}{} {} {}ms id={}",
                ctx.method(),
                ctx.path(),
                query == null ? "" : "?" + query,
                ctx.statusCode(),
                Math.round(milliseconds),
                requestId(ctx));
    }

    private static ApiProblem fromJavalin(HttpResponseException exception, Context ctx) {
        int status = exception.getStatus();
        Map<String, Object> fields = new LinkedHashMap<>(exception.getDetails());
        return switch (status) {
            case 404 -> ApiProblem.notFound("Nothing here at " + ctx.path() + ".");
            case 405 ->
                new ApiProblem(
                        405,
                        "method-not-allowed",
                        "Method not allowed",
                        ctx.method() + " is not allowed on " + ctx.path() + ".",
                        fields);
            case 413 ->
                new ApiProblem(
                        413,
                        "request-too-large",
                        "Request too large",
                        "The request body is larger than this server accepts.",
                        fields);
            default -> new ApiProblem(status, "http-" + status, exception.getMessage(), exception.getMessage(), fields);
        };
    }

    static ApiProblem malformedJson(JacksonException exception) {
        var location = exception.getLocation();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (location != null) {
            fields.put("line", location.getLineNr());
            fields.put("column", location.getColumnNr());
        }
        return new ApiProblem(
                400,
                "malformed-json",
                "Malformed JSON",
                "The request body is not valid JSON: " + exception.getOriginalMessage(),
                fields);
    }

    private static void handleDatabaseFailure(DatabaseException exception, Context ctx) {
        if (exception.sqlState().filter("23505"::equals).isPresent()) {
            // A uniqueness race the handler's own check could not see (two requests at once).
            Problems.render(
                    ctx,
                    new ApiProblem(
                            409,
                            "conflict",
                            "Conflict",
                            "This conflicts with a record that was just created; reload and try again.",
                            Map.of()));
            return;
        }
        if (exception.sqlState().filter("23P01"::equals).isPresent()) {
            // An exclusion constraint (one lease in force per parcel, say) refused a race the handler's
            // own check could not see.
            Problems.render(
                    ctx,
                    new ApiProblem(
                            409,
                            "conflict",
                            "Conflict",
                            "This collides with a record that was just written; reload and try again.",
                            Map.of()));
            return;
        }
        if (exception.sqlState().filter("57014"::equals).isPresent()) {
            // A public query stopped by its statement timeout: the caller can ask for less.
            log.warn(
                    "Query cancelled by its timeout during {} {} (request {})",
                    ctx.method(),
                    ctx.path(),
                    requestId(ctx));
            ctx.header("Retry-After", "30");
            Problems.render(
                    ctx,
                    new ApiProblem(
                            503,
                            "query-too-long",
                            "Query took too long",
                            "The query ran longer than this server allows; narrow it (a smaller bbox, a simpler"
                                    + " filter, a smaller limit) or download the registry as a file.",
                            Map.of()));
            return;
        }
        if (exception.isUnavailable()) {
            log.warn(
                    "Database unavailable during {} {} (request {}): {}",
                    ctx.method(),
                    ctx.path(),
                    requestId(ctx),
                    exception.getCause().getMessage());
            ctx.header("Retry-After", "5");
            Problems.render(
                    ctx,
                    new ApiProblem(
                            503,
                            "database-unavailable",
                            "Database unavailable",
                            "The registry's database cannot be reached right now; try again in a moment.",
                            Map.of()));
            return;
        }
        handleUnexpected(exception, ctx);
    }

    private static void handleUnexpected(Exception exception, Context ctx) {
        log.error("Unexpected failure in {} {} (request {})", ctx.method(), ctx.path(), requestId(ctx), exception);
        Problems.render(
                ctx,
                new ApiProblem(
                        500,
                        "internal-error",
                        "Internal error",
                        "Something went wrong on our side. If it persists, report request id " + requestId(ctx) + ".",
                        Map.of()));
    }
}
