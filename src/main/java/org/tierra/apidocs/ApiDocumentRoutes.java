package org.tierra.apidocs;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of {@code /api/v1}, kept by hand in
 * {@code openapi/api-v1.yaml} (on the classpath) and served as JSON with {@code servers} set to the
 * address the client used, an ETag of its exact bytes, and {@code Cache-Control: no-cache} so that a
 * cache revalidates it. Public: it describes what exists, not what is stored.
 */
public final class ApiDocumentRoutes implements RouteGroup {

    /** Where the document is served. */
    public static final String PATH = "/api/v1/openapi.json";

    /** The classpath resource the document is read from, once, at start-up. */
    public static final String RESOURCE = "/openapi/api-v1.yaml";

    private final JsonMapper json;
    private final ObjectNode document;

    /**
     * Reads the document.
     *
     * @throws IllegalStateException when the resource is missing or is not a YAML mapping
     */
    public ApiDocumentRoutes(JsonMapper json) {
        this.json = json;
        this.document = read();
    }

    /** The document as written in {@link #RESOURCE}, before {@code servers} is set for a request. */
    public static ObjectNode read() {
        try (InputStream in = ApiDocumentRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            if (!(new YAMLMapper().readTree(in) instanceof ObjectNode root)) {
                throw new IllegalStateException(RESOURCE + " is not a YAML mapping");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get(PATH, this::serve, Access.PUBLIC);
    }

    private void serve(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ObjectNode served = document.deepCopy();
        served.putArray("servers")
                .addObject()
                .put("url", PublicAddress.base(ctx))
                .put("description", "This Tierra, as the client reached it");
        byte[] body = json.writeValueAsBytes(served);
        String etag = "\"" + sha256(body) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(body);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
