package org.tierra.parcels;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A parcel's history, public like the parcel itself: {@code GET /api/v1/parcels/{id}/versions},
 * {@code /versions/{version}}, {@code /diff?from=&to=} and {@code /lineage}. Who made each change and
 * why are shown to the trust's own people only ({@link ParcelReads}): reasons are free text and may name
 * someone.
 */
public final class ParcelHistoryRoutes implements RouteGroup {

    private final ParcelReads reads;
    private final JsonMapper json;

    public ParcelHistoryRoutes(ParcelReads reads, JsonMapper json) {
        this.reads = reads;
        this.json = json;
    }

    /** The reply to {@code /versions}: each item a {@link VersionItem}, or an {@link InsiderVersionItem}. */
    record VersionList(long parcel, List<Object> versions) {}

    /** A version as everyone reads it. */
    record VersionItem(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            ParcelOperation operation,
            String code,
            ParcelStatus status,
            double areaSquareMetres) {}

    /** A version as the trust's own people read it: who made it and why. */
    record InsiderVersionItem(
            @JsonUnwrapped VersionItem version, String changedBy, String reason, Optional<String> requestId) {}

    /** The reply to {@code /diff}: each changed attribute, by name, and what happened to the land. */
    record DiffReply(long parcel, int from, int to, Map<String, AttributeDiff> attributes, GeometryDiff geometry) {}

    /** An attribute as the two versions had it. */
    record AttributeDiff(Optional<String> from, Optional<String> to) {}

    /** Land gained and lost between two versions; areas in m², the land as GeoJSON. */
    record GeometryDiff(
            boolean changed,
            double areaFromSquareMetres,
            double areaToSquareMetres,
            double gainedSquareMetres,
            double lostSquareMetres,
            JsonNode gained,
            JsonNode lost) {}

    /** The reply to {@code /lineage}. */
    record LineageReply(long parcel, List<RelativeItem> ancestors, List<RelativeItem> descendants) {}

    /** A parcel related by split or merge. */
    record RelativeItem(
            long id, String code, ParcelStatus status, LineageOperation operation, Instant date, int generation) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/parcels/{id}/versions", this::listVersions, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/versions/{version}", this::getVersion, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/diff", this::diff, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/lineage", this::lineage, Access.PUBLIC);
    }

    private void listVersions(Context ctx) {
        long id = ParcelInput.id(ctx);
        QueryParameters.of(ctx, Set.of());
        List<Object> versions = reads.listVersions(id, Callers.find(ctx)).stream()
                .map(ParcelHistoryRoutes::versionItem)
                .toList();
        ctx.json(new VersionList(id, versions));
    }

    private static Object versionItem(ParcelHistory.Version version) {
        VersionItem item = new VersionItem(
                version.version(),
                version.validFrom(),
                version.validTo(),
                version.operation(),
                version.code(),
                version.status(),
                version.areaSquareMetres());
        return version.author()
                .<Object>map(
                        author -> new InsiderVersionItem(item, author.changedBy(), author.reason(), author.requestId()))
                .orElse(item);
    }

    private void getVersion(Context ctx) {
        long id = ParcelInput.id(ctx);
        int version = (int) QueryParameters.parseId("version", ctx.pathParam("version"));
        QueryParameters.of(ctx, Set.of());
        ctx.contentType(ParcelRepository.ParcelFeature.MEDIA_TYPE).result(reads.getVersionFeature(id, version));
    }

    private void diff(Context ctx) {
        long id = ParcelInput.id(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("from", "to"));
        Optional<Integer> to = version(parameters, "to");
        Optional<Integer> from = version(parameters, "from");
        ParcelHistory.Diff diff = reads.getDiff(id, from, to);
        Map<String, AttributeDiff> attributes = new LinkedHashMap<>();
        diff.attributes()
                .forEach(change -> attributes.put(change.attribute(), new AttributeDiff(change.from(), change.to())));
        ctx.json(new DiffReply(
                id,
                diff.from(),
                diff.to(),
                attributes,
                new GeometryDiff(
                        diff.geometryChanged(),
                        diff.areaFromSquareMetres(),
                        diff.areaToSquareMetres(),
                        diff.gainedSquareMetres(),
                        diff.lostSquareMetres(),
                        json.readTree(diff.gainedGeoJson()),
                        json.readTree(diff.lostGeoJson()))));
    }

    /** A version number given as {@code name}, if given. */
    private static Optional<Integer> version(QueryParameters parameters, String name) {
        return parameters.find(name).map(given -> parameters.intInRange(name, 1, Integer.MAX_VALUE, 1));
    }

    private void lineage(Context ctx) {
        long id = ParcelInput.id(ctx);
        QueryParameters.of(ctx, Set.of());
        ParcelHistory.Lineage lineage = reads.getLineage(id);
        ctx.json(new LineageReply(
                id,
                lineage.ancestors().stream().map(ParcelHistoryRoutes::relative).toList(),
                lineage.descendants().stream()
                        .map(ParcelHistoryRoutes::relative)
                        .toList()));
    }

    private static RelativeItem relative(ParcelHistory.Relative relative) {
        return new RelativeItem(
                relative.id(),
                relative.code(),
                relative.status(),
                relative.operation(),
                relative.occurredAt(),
                relative.generation());
    }
}
