package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, changing and retiring parcels: {@code POST /api/v1/parcels},
 * {@code PATCH /api/v1/parcels/{id}}, {@code POST /api/v1/parcels/{id}/retire}; the rules are
 * {@link ParcelWrites}'. Each answers with the parcel as it now is, with its ETag.
 */
public final class ParcelWriteRoutes implements RouteGroup {

    private final ParcelWrites writes;
    private final JsonMapper json;

    public ParcelWriteRoutes(ParcelWrites writes, JsonMapper json) {
        this.writes = writes;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parcels", this::createParcel, Access.STAFF);
        routes.patch("/api/v1/parcels/{id}", this::updateParcel, Access.STAFF);
        routes.post("/api/v1/parcels/{id}/retire", this::retireParcel, Access.STAFF);
    }

    private void createParcel(Context ctx) {
        ParcelInput.Sent<NewParcel> sent = ParcelInput.newParcel(ctx, json);
        ParcelWrites.Written written =
                writes.createParcel(sent.request(), Callers.get(ctx), Callers.change(ctx, sent.reason()));
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/parcels/" + written.id());
        respondWithParcel(ctx, 201, written);
    }

    private void updateParcel(Context ctx) {
        ParcelInput.Sent<ParcelEdit> sent = ParcelInput.edit(ctx, json);
        respondWithParcel(
                ctx, 200, writes.updateParcel(sent.request(), Callers.get(ctx), Callers.change(ctx, sent.reason())));
    }

    private void retireParcel(Context ctx) {
        ParcelInput.Retirement retirement = ParcelInput.retirement(ctx, json);
        ParcelWrites.Written written = writes.retireParcel(
                retirement.id(), retirement.expected(), Callers.get(ctx), Callers.change(ctx, retirement.reason()));
        respondWithParcel(ctx, 200, written);
    }

    /** A warning about a written boundary, in the request's language. */
    record Warning(String rule, String message) {}

    /** The parcel as PostGIS wrote it, with its ETag, and any warnings as a foreign member. */
    private void respondWithParcel(Context ctx, int status, ParcelWrites.Written written) {
        String feature = written.feature().json();
        ctx.status(status);
        ctx.header("ETag", written.feature().etag());
        ctx.contentType(ParcelRepository.ParcelFeature.MEDIA_TYPE);
        if (written.warnings().isEmpty()) {
            ctx.result(feature);
            return;
        }
        Locale language = Language.of(ctx);
        List<Warning> warnings = written.warnings().stream()
                .map(warning -> new Warning(warning.rule(), warning.message(language)))
                .toList();
        ctx.result(feature.substring(0, feature.length() - 1) + ",\"warnings\":" + json.writeValueAsString(warnings)
                + "}");
    }
}
