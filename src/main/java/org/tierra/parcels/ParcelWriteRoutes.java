package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.SourceCrs;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, changing and retiring parcels: {@code POST /api/v1/parcels},
 * {@code PATCH /api/v1/parcels/{id}}, {@code POST /api/v1/parcels/{id}/retire}. Staff and admins of the
 * parcel's trust write; every write names its reason, is checked against the trust's other parcels
 * for overlaps, writes a new version and an audit entry, all in one transaction.
 */
public final class ParcelWriteRoutes implements RouteGroup {

    static final String CONTENT_CRS = "Content-Crs";
    private static final Set<String> FEATURE_FIELDS = Set.of("type", "geometry", "properties", "reason");
    private static final Set<String> CREATE_PROPERTIES =
            Set.of("code", "name", "trust", "tenureCategory", "landUse", "status", "notes");

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;
    private final BoundaryReader boundaries;
    private final ParcelRepository parcels;

    public ParcelWriteRoutes(Database database, JsonMapper json, AuditLog audit, BoundaryReader boundaries) {
        this.database = database;
        this.json = json;
        this.audit = audit;
        this.boundaries = boundaries;
        this.parcels = new ParcelRepository(database);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parcels", this::createParcel, Access.SIGNED_IN);
        routes.patch("/api/v1/parcels/{id}", this::updateParcel, Access.SIGNED_IN);
        routes.post("/api/v1/parcels/{id}/retire", this::retireParcel, Access.SIGNED_IN);
    }

    private void createParcel(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, FEATURE_FIELDS);
        requireFeature(body);
        JsonBody properties = body.requiredObject("properties", CREATE_PROPERTIES);
        String reason = body.requiredText("reason");
        String trustCode = properties.requiredText("trust");
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, trustCode))
                .orElseThrow(() ->
                        Problem.invalidField("properties.trust", "There is no trust with code '" + trustCode + "'."));
        requireWriter(principal, trust);
        JsonNode geometry = body.optionalNode("geometry")
                .orElseThrow(() ->
                        Problem.invalidField("geometry", "A parcel needs its boundary: a Polygon or MultiPolygon."));
        Locale language = Language.of(ctx);
        Written written = database.inTransaction(connection -> {
            ParcelAttributes attributes = ParcelAttributes.read(connection, properties);
            String code = attributes
                    .code()
                    .orElseThrow(() -> Problem.invalidField("properties.code", "'properties.code' is required."));
            SourceCrs crs = BoundaryReader.parseContentCrs(connection, Optional.ofNullable(ctx.header(CONTENT_CRS)));
            BoundaryReader.Boundary boundary = boundaries.read(connection, geometry, crs, trust.id(), language);
            ParcelStore.lockTrustForGeometryWrites(connection, trust.id());
            requireFreeCode(connection, trust, code, 0);
            rejectOverlaps(connection, trust, boundary.geometry(), List.of());
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "create");
            long id = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewParcel(
                            trust.id(),
                            code,
                            attributes.name().flatMap(value -> value).orElse(null),
                            attributes
                                    .tenureCategory()
                                    .orElseThrow(() -> Problem.invalidField(
                                            "properties.tenureCategory", "'properties.tenureCategory' is required.")),
                            attributes
                                    .landUse()
                                    .orElseThrow(() -> Problem.invalidField(
                                            "properties.landUse", "'properties.landUse' is required.")),
                            attributes.status().orElse("active"),
                            attributes.notes().flatMap(value -> value).orElse(null),
                            boundary.geometry(),
                            boundary.sourceSrid()));
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "parcel",
                            Long.toString(id),
                            "create",
                            Map.of("code", code, "version", 1, "sourceSrid", boundary.sourceSrid())));
            return new Written(id, boundary.warnings());
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/parcels/" + written.id());
        respondWithParcel(ctx, 201, written);
    }

    private void updateParcel(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Map<Long, Integer> expected = Preconditions.expectedVersions(ctx);
        JsonBody body = JsonBody.read(ctx, json, FEATURE_FIELDS);
        body.optionalText("type").filter(type -> !type.equals("Feature")).ifPresent(type -> {
            throw Problem.invalidField(
                    "type", "An update is a GeoJSON Feature (type 'Feature') with the members to change.");
        });
        String reason = body.requiredText("reason");
        Optional<JsonBody> properties = body.optionalObject("properties", ParcelAttributes.FIELDS);
        Optional<JsonNode> geometry = body.optionalNode("geometry");
        Locale language = Language.of(ctx);
        Written written = database.inTransaction(connection -> {
            Trust trust = lockTrustOf(connection, id);
            requireWriter(principal, trust);
            ParcelStore.ParcelRow current = lockActiveParcel(connection, id);
            Preconditions.requireCurrent(expected, current);
            ParcelAttributes attributes = properties
                    .map(p -> ParcelAttributes.read(connection, p))
                    .orElse(new ParcelAttributes(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty()));
            ParcelStore.ParcelRow changed = attributes.over(current);
            List<GeometryFinding> warnings = List.of();
            if (geometry.isPresent()) {
                SourceCrs crs =
                        BoundaryReader.parseContentCrs(connection, Optional.ofNullable(ctx.header(CONTENT_CRS)));
                BoundaryReader.Boundary boundary =
                        boundaries.read(connection, geometry.get(), crs, trust.id(), language);
                rejectOverlaps(connection, trust, boundary.geometry(), List.of(id));
                changed = withGeometry(changed, boundary);
                warnings = boundary.warnings();
            }
            if (!changed.code().equals(current.code())) {
                requireFreeCode(connection, trust, changed.code(), id);
            }
            List<String> changedFields = changedFields(current, changed);
            if (changedFields.isEmpty()) {
                return new Written(id, warnings); // nothing new: no version, no audit entry
            }
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "update");
            if (!ParcelStore.updateParcel(connection, changed)) {
                throw new Problem(
                        CommonProblem.STALE_VERSION,
                        "Parcel " + current.code() + " changed while you wrote; reload it and apply your change again.",
                        Map.of("parcel", id));
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "parcel",
                            Long.toString(id),
                            "update",
                            Map.of("version", current.version() + 1, "changed", changedFields)));
            return new Written(id, warnings);
        });
        respondWithParcel(ctx, 200, written);
    }

    private void retireParcel(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Map<Long, Integer> expected = Preconditions.expectedVersions(ctx);
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        database.inTransaction(connection -> {
            Trust trust = lockTrustOf(connection, id);
            requireWriter(principal, trust);
            ParcelStore.ParcelRow current = lockActiveParcel(connection, id);
            Preconditions.requireCurrent(expected, current);
            retire(connection, principal, trust, current, reason, HttpServer.requestId(ctx), "retire");
            return null;
        });
        respondWithParcel(ctx, 200, new Written(id, List.of()));
    }

    /** Retires {@code current} as the next version, with its audit entry, in the caller's transaction. */
    void retire(
            Connection connection,
            Principal principal,
            Trust trust,
            ParcelStore.ParcelRow current,
            String reason,
            String requestId,
            String operation) {
        refuseWhileLeased(connection, current);
        Change.by(principal, reason, requestId).mark(connection, operation);
        ParcelStore.ParcelRow retired = new ParcelStore.ParcelRow(
                current.id(),
                current.trustId(),
                current.code(),
                current.name(),
                current.tenureCategory(),
                current.landUse(),
                "retired",
                current.notes(),
                current.version(),
                current.geometry(),
                current.sourceSrid(),
                current.areaSquareMetres());
        if (!ParcelStore.updateParcel(connection, retired)) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Parcel " + current.code() + " changed while you wrote.",
                    Map.of("parcel", current.id()));
        }
        audit.record(
                connection,
                Change.by(principal, reason, requestId),
                new AuditEvent(
                        Optional.of(trust.id()),
                        "parcel",
                        Long.toString(current.id()),
                        operation,
                        Map.of("version", current.version() + 1, "code", current.code())));
    }

    /** Staff and admins of the trust write its parcels. */
    /**
     * A parcel a lease holds today or later keeps its shape: the lessees' right is to that land. The
     * lease is ended (terminated, assigned, expired) first, then the land retired, split or merged.
     */
    private static void refuseWhileLeased(Connection connection, ParcelStore.ParcelRow parcel) {
        List<ParcelStore.HoldingLease> leases = ParcelStore.listHoldingLeases(connection, parcel.id());
        if (leases.isEmpty()) {
            return;
        }
        ParcelStore.HoldingLease first = leases.get(0);
        throw new Problem(
                ParcelProblem.PARCEL_LEASED,
                "Parcel " + parcel.code() + " is held by lease " + first.code() + " until " + first.inForceUntil()
                        + "; terminate or assign the lease before retiring, splitting or merging its land.",
                Map.of(
                        "parcel",
                        parcel.id(),
                        "leases",
                        leases.stream()
                                .map(lease -> Map.of(
                                        "id", lease.id(),
                                        "code", lease.code(),
                                        "inForceUntil", lease.inForceUntil().toString()))
                                .toList()));
    }

    static void requireWriter(Principal principal, Trust trust) {
        principal.requireRole(trust, false, Role.STAFF, Role.ADMIN);
    }

    /**
     * Takes the trust's parcel-write lock first, before any parcel row: every parcel write takes them in
     * this order, so that writers wait for each other instead of deadlocking.
     */
    static Trust lockTrustOf(Connection connection, long parcelId) {
        long trustId = ParcelRepository.findTrustId(connection, parcelId)
                .orElseThrow(() -> Problem.notFound("There is no parcel with id " + parcelId + "."));
        ParcelStore.lockTrustForGeometryWrites(connection, trustId);
        return TrustRepository.findTrustById(connection, trustId).orElseThrow();
    }

    /** The parcel, row-locked; a retired parcel cannot change, and the answer says where its land went. */
    static ParcelStore.ParcelRow lockActiveParcel(Connection connection, long id) {
        ParcelStore.ParcelRow current = ParcelStore.findParcelForUpdate(connection, id)
                .orElseThrow(() -> Problem.notFound("There is no parcel with id " + id + "."));
        if (current.retired()) {
            List<String> children = ParcelRepository.listChildCodes(connection, id);
            throw new Problem(
                    ParcelProblem.PARCEL_RETIRED,
                    "Parcel " + current.code() + " is retired and cannot change"
                            + (children.isEmpty() ? "." : "; its land is now in " + String.join(", ", children) + "."),
                    Map.of("parcel", id, "children", children));
        }
        return current;
    }

    static void requireFreeCode(Connection connection, Trust trust, String code, long exceptId) {
        if (ParcelStore.codeTaken(connection, trust.id(), code, exceptId)) {
            throw new Problem(
                    CommonProblem.CODE_TAKEN,
                    "Trust " + trust.code() + " already has a parcel with code " + code + " (codes are never reused).",
                    Map.of("code", code));
        }
    }

    /** 409 naming every active parcel the boundary overlaps, with the overlap's area and shape. */
    void rejectOverlaps(
            Connection connection, Trust trust, org.locationtech.jts.geom.Geometry boundary, List<Long> excluded) {
        List<Overlaps.Overlap> overlaps = Overlaps.findOverlaps(connection, trust.id(), boundary, excluded);
        if (overlaps.isEmpty()) {
            return;
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (Overlaps.Overlap overlap : overlaps) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("parcel", overlap.parcelId());
            detail.put("code", overlap.code());
            detail.put("overlapSquareMetres", Math.round(overlap.areaSquareMetres() * 100) / 100.0);
            detail.put("overlap", json.readTree(overlap.geometryGeoJson()));
            details.add(detail);
        }
        throw new Problem(
                ParcelProblem.PARCELS_OVERLAP,
                "The boundary overlaps "
                        + String.join(
                                ", ",
                                overlaps.stream().map(Overlaps.Overlap::code).toList())
                        + " by more than the trust's tolerance of " + trustTolerance(connection, trust)
                        + " m²; nothing was saved.",
                Map.of("overlaps", details));
    }

    private static double trustTolerance(Connection connection, Trust trust) {
        return TrustRepository.overlapToleranceSquareMetres(connection, trust.id());
    }

    private static ParcelStore.ParcelRow withGeometry(ParcelStore.ParcelRow row, BoundaryReader.Boundary boundary) {
        return new ParcelStore.ParcelRow(
                row.id(),
                row.trustId(),
                row.code(),
                row.name(),
                row.tenureCategory(),
                row.landUse(),
                row.status(),
                row.notes(),
                row.version(),
                boundary.geometry(),
                boundary.sourceSrid(),
                row.areaSquareMetres());
    }

    private static List<String> changedFields(ParcelStore.ParcelRow before, ParcelStore.ParcelRow after) {
        List<String> fields = new ArrayList<>();
        addIfChanged(fields, "code", before.code(), after.code());
        addIfChanged(fields, "name", before.name(), after.name());
        addIfChanged(fields, "tenureCategory", before.tenureCategory(), after.tenureCategory());
        addIfChanged(fields, "landUse", before.landUse(), after.landUse());
        addIfChanged(fields, "status", before.status(), after.status());
        addIfChanged(fields, "notes", before.notes(), after.notes());
        if (!before.geometry().equalsExact(after.geometry())) {
            fields.add("geometry");
        }
        return fields;
    }

    private static void addIfChanged(List<String> fields, String name, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            fields.add(name);
        }
    }

    private static void requireFeature(JsonBody body) {
        String type = body.requiredText("type");
        if (!type.equals("Feature")) {
            throw Problem.invalidField(
                    "type", "A parcel is sent as a GeoJSON Feature (type 'Feature'), got '" + type + "'.");
        }
    }

    /** A written parcel and the warnings its boundary raised (dropped Z values, say). */
    record Written(long id, List<GeometryFinding> warnings) {}

    /** The parcel as it now is, with its ETag, and any warnings as a foreign member. */
    private void respondWithParcel(Context ctx, int status, Written written) {
        ParcelRepository.ParcelFeature feature =
                parcels.findCurrentFeature(written.id(), false).orElseThrow();
        ctx.status(status);
        ctx.header("ETag", feature.etag());
        ctx.contentType(ParcelRoutes.GEOJSON);
        if (written.warnings().isEmpty()) {
            ctx.result(feature.json());
            return;
        }
        Locale language = Language.of(ctx);
        List<Map<String, String>> warnings = written.warnings().stream()
                .map(warning -> Map.of("rule", warning.rule(), "message", warning.message(language)))
                .toList();
        String withWarnings = feature.json().substring(0, feature.json().length() - 1) + ",\"warnings\":"
                + json.writeValueAsString(warnings) + "}";
        ctx.result(withWarnings);
    }
}
