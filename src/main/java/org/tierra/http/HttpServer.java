package org.tierra.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.MimeTypesConfig;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
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
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
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
        // What Jetty refuses before Javalin sees the request (a URI or headers too long, a malformed
        // path) is problem+json like everything else.
        config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrors(jsonMapper)));
        // Every text Tierra writes is UTF-8, whatever its media type: without this, Jetty encodes a string
        // of a type it does not know (application/geo+json) as ISO-8859-1, and every accented name in a
        // single feature reaches QGIS as mojibake.
        config.jetty.modifyServletContextHandler(context -> context.setDefaultResponseCharacterEncoding("UTF-8"));
        PublicAddress.install(config, security);
        addMapFiles(config);
        config.requestLogger.http(HttpServer::logRequest);

        RoutesConfig routes = config.routes;
        routes.before(HttpServer::assignRequestId);
        routes.before(HttpServer::refuseForeignCharset);
        routes.before(HttpServer::addSecurityHeaders);
        routes.before(ctx -> refuseOversizedBody(ctx, security.maxBodyBytes()));
        routes.before(HttpServer::refuseNulInUrl);
        CrossOrigin crossOrigin = new CrossOrigin(security.corsOrigins());
        routes.before(crossOrigin::answerPreflight);
        routes.beforeMatched(crossOrigin::allowMatchedRoute);
        routeGroups.forEach(group -> group.addRoutes(routes));
        routes.beforeMatched(HttpServer::refuseQueryOnApiWrites); // after the access control: 401 comes first
        answerHeadLikeGet(config);
        routes.exception(Problem.class, (problem, ctx) -> Problems.render(ctx, problem));
        routes.exception(
                HttpResponseException.class, (exception, ctx) -> Problems.render(ctx, fromJavalin(exception, ctx)));
        routes.exception(JacksonException.class, (exception, ctx) -> Problems.render(ctx, malformedJson(exception)));
        routes.exception(DatabaseException.class, HttpServer::handleDatabaseFailure);
        routes.exception(Exception.class, HttpServer::handleUnexpected);
        routes.error(404, ctx -> {
            if (!Problems.isProblem(ctx)) {
                Problems.render(ctx, Problem.notFound("Nothing here at " + ctx.path() + "."));
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
                declareUtf8Text(files.mimeTypes);
            });
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
            files.roles = Set.of(Access.PUBLIC);
            declareUtf8Text(files.mimeTypes);
        });
    }

    /** The map's text files are UTF-8 (Vite writes them so), and their Content-Type says it. */
    private static void declareUtf8Text(MimeTypesConfig mimeTypes) {
        mimeTypes.add("text/html;charset=utf-8", "html");
        mimeTypes.add("text/javascript;charset=utf-8", "js", "mjs");
        mimeTypes.add("text/css;charset=utf-8", "css");
        mimeTypes.add("image/svg+xml;charset=utf-8", "svg");
        mimeTypes.add("application/manifest+json;charset=utf-8", "webmanifest");
        mimeTypes.add("text/plain;charset=utf-8", "txt");
    }

    /**
     * Every GET route answers HEAD with the same status and headers and no body (Jetty drops what the
     * handler writes). Javalin's own HEAD answers a bare 200 without running the route, which tells a
     * client such as GDAL's /vsicurl/ neither the type nor the length of what it would get.
     */
    private static void answerHeadLikeGet(JavalinConfig config) {
        var router = config.unsafe.internalRouter;
        Set<String> headPaths = router.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> HandlerType.HEAD.equals(endpoint.method))
                .map(endpoint -> endpoint.path)
                .collect(Collectors.toSet());
        List<Endpoint> gets = router.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> HandlerType.GET.equals(endpoint.method) && !headPaths.contains(endpoint.path))
                .toList();
        for (Endpoint get : gets) {
            Set<EndpointMetadata> metadata = Optional.ofNullable(get.metadata(Roles.class))
                    .<Set<EndpointMetadata>>map(Set::of)
                    .orElse(Set.of());
            router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, get.path, get.handler, metadata));
        }
    }

    /**
     * A write to {@code /api/v1} takes its input from its body; a DELETE, which has none, may give its
     * {@code reason} in the query. Anything else in the query is a client's mistake (such as
     * {@code ?dryRun=true}, which would otherwise write for real): refused before the route runs.
     */
    private static void refuseQueryOnApiWrites(Context ctx) {
        if (!ctx.path().startsWith("/api/v1/") || SAFE_METHODS.contains(ctx.method())) {
            return;
        }
        QueryParameters.of(ctx, HandlerType.DELETE.equals(ctx.method()) ? Set.of("reason") : Set.of());
    }

    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private static void assignRequestId(Context ctx) {
        String given = ctx.header(REQUEST_ID_HEADER);
        String requestId = given != null && SANE_REQUEST_ID.matcher(given).matches() ? given : newRequestId();
        ctx.attribute(REQUEST_ID, requestId);
        ctx.header(REQUEST_ID_HEADER, requestId);
    }

    static String newRequestId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The id of the request being handled; empty before the id is assigned. */
    public static String requestId(Context ctx) {
        String requestId = ctx.attribute(REQUEST_ID);
        return requestId == null ? "" : requestId;
    }

    /**
     * Tierra reads every request body as UTF-8 (JSON's own encoding). A body declared in another charset
     * would be misread, and Javalin would decode the query string in it too: refuse it up front, naming
     * the charset, rather than store mojibake or fail on a name the JVM does not know.
     */
    private static void refuseForeignCharset(Context ctx) {
        String contentType = ctx.req().getHeader("Content-Type");
        if (contentType == null) {
            return;
        }
        for (String parameter : contentType.split(";", -1)) {
            String trimmed = parameter.strip();
            if (!trimmed.regionMatches(true, 0, "charset", 0, "charset".length())) {
                continue;
            }
            String[] nameAndValue = trimmed.split("=", 2);
            String charset = nameAndValue.length == 2 ? nameAndValue[1].strip() : "";
            String unquoted = charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")
                    ? charset.substring(1, charset.length() - 1)
                    : charset;
            boolean utf8 = nameAndValue[0].strip().equalsIgnoreCase("charset")
                    && Set.of("utf-8", "utf8", "us-ascii").contains(unquoted.toLowerCase(java.util.Locale.ROOT));
            if (!utf8) {
                throw new Problem(
                        HttpProblem.UNSUPPORTED_CHARSET,
                        "The request declares the charset '" + charset + "' (" + trimmed + "); Tierra reads request"
                                + " bodies as UTF-8 only. Send UTF-8 and say charset=utf-8, or name no charset.",
                        Map.of("charset", charset));
            }
        }
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

    /** Sent with every response, Jetty's own refusals included. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY");

    private static void addSecurityHeaders(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
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
            throw new Problem(
                    CommonProblem.INVALID_PARAMETER,
                    "The URL holds a NUL character (%00), which no parameter accepts.",
                    Map.of());
        }
    }

    /** Refuses a declared body over the limit before reading any of it. */
    private static void refuseOversizedBody(Context ctx, long maxBodyBytes) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            throw new Problem(
                    HttpProblem.REQUEST_TOO_LARGE,
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

    private static Problem fromJavalin(HttpResponseException exception, Context ctx) {
        int status = exception.getStatus();
        Map<String, Object> fields = new LinkedHashMap<>(exception.getDetails());
        return switch (status) {
            case 404 -> Problem.notFound("Nothing here at " + ctx.path() + ".");
            case 405 ->
                new Problem(
                        HttpProblem.METHOD_NOT_ALLOWED,
                        ctx.method() + " is not allowed on " + ctx.path() + ".",
                        fields);
            case 413 ->
                new Problem(
                        HttpProblem.REQUEST_TOO_LARGE, "The request body is larger than this server accepts.", fields);
            default ->
                new Problem(HttpProblem.OtherStatus.of(status, exception.getMessage()), exception.getMessage(), fields);
        };
    }

    static Problem malformedJson(JacksonException exception) {
        var location = exception.getLocation();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (location != null) {
            fields.put("line", location.getLineNr());
            fields.put("column", location.getColumnNr());
        }
        return new Problem(
                HttpProblem.MALFORMED_JSON,
                "The request body is not valid JSON: " + exception.getOriginalMessage(),
                fields);
    }

    private static void handleDatabaseFailure(DatabaseException exception, Context ctx) {
        if (exception.sqlState().filter("23505"::equals).isPresent()) {
            // A uniqueness race the handler's own check could not see (two requests at once).
            Problems.render(
                    ctx,
                    new Problem(
                            CommonProblem.CONFLICT,
                            "This conflicts with a record that was just created; reload and try again.",
                            Map.of()));
            return;
        }
        if (exception.sqlState().filter("23P01"::equals).isPresent()) {
            // An exclusion constraint (one lease in force per parcel, say) refused a race the handler's
            // own check could not see.
            Problems.render(
                    ctx,
                    new Problem(
                            CommonProblem.CONFLICT,
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
                    new Problem(
                            HttpProblem.QUERY_TOO_LONG,
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
                    new Problem(
                            HttpProblem.DATABASE_UNAVAILABLE,
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
                new Problem(
                        HttpProblem.INTERNAL_ERROR,
                        "Something went wrong on our side. If it persists, report request id " + requestId(ctx) + ".",
                        Map.of()));
    }
}
