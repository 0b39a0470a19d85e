package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splitting and merging parcels: {@code POST /api/v1/parcels/{id}/split} (by a cutting line or by the
 * children's boundaries) and {@code POST /api/v1/parcels/merge}; the rules are {@link SplitsAndMerges}'.
 * Each answers with the parcels as they now are and how much area the operation conserved.
 */
public final class SplitMergeRoutes implements RouteGroup {

    private final SplitsAndMerges splitsAndMerges;
    private final JsonMapper json;

    public SplitMergeRoutes(SplitsAndMerges splitsAndMerges, JsonMapper json) {
        this.splitsAndMerges = splitsAndMerges;
        this.json = json;
    }

    /** The reply to a split; areas in m², rounded to square centimetres. */
    record SplitReply(
            JsonNode parent,
            List<JsonNode> children,
            double areaParentSquareMetres,
            double areaChildrenSquareMetres,
            double areaDifferenceSquareMetres) {}

    /** The reply to a merge; areas in m², rounded to square centimetres. */
    record MergeReply(
            JsonNode parcel,
            List<JsonNode> parents,
            double areaParentsSquareMetres,
            double areaMergedSquareMetres,
            double areaDifferenceSquareMetres) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parcels/{id}/split", this::split, Access.STAFF);
        routes.post("/api/v1/parcels/merge", this::merge, Access.STAFF);
    }

    private void split(Context ctx) {
        ParcelInput.Sent<ParcelSplit> sent = ParcelInput.split(ctx, json);
        SplitsAndMerges.SplitResult result =
                splitsAndMerges.split(sent.request(), Callers.get(ctx), Callers.change(ctx, sent.reason()));
        double parentArea = result.parentAreaSquareMetres();
        double childrenArea = result.childrenAreaSquareMetres();
        reply(
                ctx,
                new SplitReply(
                        tree(result.parent()),
                        trees(result.children()),
                        Areas.rounded(parentArea),
                        Areas.rounded(childrenArea),
                        Areas.rounded(childrenArea - parentArea)));
    }

    private void merge(Context ctx) {
        ParcelInput.Sent<ParcelMerge> sent = ParcelInput.merge(ctx, json);
        SplitsAndMerges.MergeResult result =
                splitsAndMerges.merge(sent.request(), Callers.get(ctx), Callers.change(ctx, sent.reason()));
        double parentsArea = result.parentsAreaSquareMetres();
        double mergedArea = result.mergedAreaSquareMetres();
        reply(
                ctx,
                new MergeReply(
                        tree(result.parcel()),
                        trees(result.parents()),
                        Areas.rounded(parentsArea),
                        Areas.rounded(mergedArea),
                        Areas.rounded(mergedArea - parentsArea)));
    }

    private void reply(Context ctx, Object reply) {
        ctx.status(201).contentType(ParcelRepository.ParcelFeature.MEDIA_TYPE).result(json.writeValueAsString(reply));
    }

    private JsonNode tree(ParcelRepository.ParcelFeature feature) {
        return json.readTree(feature.json());
    }

    private List<JsonNode> trees(List<ParcelRepository.ParcelFeature> features) {
        return features.stream().map(this::tree).toList();
    }
}
