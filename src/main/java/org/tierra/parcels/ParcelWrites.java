package org.tierra.parcels;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.SourceCrs;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, changing and retiring parcels. Staff and admins of the parcel's trust write; every write is
 * checked against the trust's other active parcels for overlaps (under the trust's parcel-write lock, so
 * that two writers cannot both pass), keeps parcel codes unique in the trust for ever, and writes a new
 * version and an audit entry from one {@link Change}, all in one transaction. A changed parcel must be at
 * the version the client read ({@link ExpectedVersions}); a retired parcel never changes; a parcel a lease
 * holds is not retired.
 *
 * <p>The package-private steps are shared with {@link SplitsAndMerges} and run in its transaction.
 */
public final class ParcelWrites {

    private final Database database;
    private final AuditLog audit;
    private final BoundaryReader boundaries;
    private final JsonMapper json;
    private final ParcelRepository parcels;

    public ParcelWrites(Database database, AuditLog audit, BoundaryReader boundaries, JsonMapper json) {
        this.database = database;
        this.audit = audit;
        this.boundaries = boundaries;
        this.json = json;
        this.parcels = new ParcelRepository(database);
    }

    /**
     * A written parcel as it now is, and the warnings its boundary raised (dropped heights, say).
     *
     * @param feature read after the write committed
     */
    public record Written(long id, ParcelRepository.ParcelFeature feature, List<GeometryFinding> warnings) {}

    /**
     * Creates {@code parcel} as {@code caller}, as its first version.
     *
     * @throws Problem 422 for an unknown trust, a missing or invalid attribute or boundary; 403 unless the
     *     caller is staff or admin of the trust; 409 ({@code code-taken}, {@code parcels-overlap}) when its
     *     code is taken or it overlaps an active parcel of the trust
     */
    public Written createParcel(NewParcel parcel, Principal caller, Change change) {
        Trust trust = database.withConnection(
                        connection -> TrustRepository.findTrustByCode(connection, parcel.trustCode()))
                .orElseThrow(() -> Problem.invalidField(
                        "properties.trust", "There is no trust with code '" + parcel.trustCode() + "'."));
        requireWriter(caller, trust);
        JsonNode geometry = parcel.geometry()
                .orElseThrow(() ->
                        Problem.invalidField("geometry", "A parcel needs its boundary: a Polygon or MultiPolygon."));
        ParcelAttributes attributes = parcel.attributes();
        Created created = database.inTransaction(connection -> {
            attributes.requireKnownCodes(connection);
            String code = attributes
                    .code()
                    .orElseThrow(() -> Problem.invalidField("properties.code", "'properties.code' is required."));
            SourceCrs crs =
                    BoundaryReader.parseContentCrs(connection, parcel.format().contentCrs());
            BoundaryReader.Boundary boundary = boundaries.read(
                    connection, geometry, crs, trust.id(), parcel.format().language());
            ParcelStore.lockTrustForGeometryWrites(connection, trust.id());
            requireFreeCode(connection, trust, code, 0);
            rejectOverlaps(connection, trust, boundary.geometry(), List.of());
            change.mark(connection, ParcelOperation.CREATE.databaseCode());
            long id = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewRow(
                            trust.id(),
                            code,
                            attributes.name().applyTo(Optional.empty()),
                            attributes
                                    .tenureCategory()
                                    .orElseThrow(() -> Problem.invalidField(
                                            "properties.tenureCategory", "'properties.tenureCategory' is required.")),
                            attributes
                                    .landUse()
                                    .orElseThrow(() -> Problem.invalidField(
                                            "properties.landUse", "'properties.landUse' is required.")),
                            attributes.status().orElse(ParcelStatus.ACTIVE),
                            attributes.notes().applyTo(Optional.empty()),
                            boundary.geometry(),
                            boundary.sourceSrid()));
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "parcel",
                            id,
                            "create",
                            Map.of("code", code, "version", 1, "sourceSrid", boundary.sourceSrid())));
            return new Created(id, boundary.warnings());
        });
        return written(created);
    }

    /**
     * Applies {@code edit} as {@code caller}; when it changes nothing, writes no version and no audit entry.
     *
     * @throws Problem 404 when there is no such parcel; 403 unless the caller is staff or admin of its trust;
     *     409 ({@code parcel-retired}) for a retired parcel; 428 or 412 unless the client read the current
     *     version; 422 for an invalid attribute or boundary; 409 ({@code code-taken}, {@code
     *     parcels-overlap}) when the new code is taken or the new boundary overlaps an active parcel
     */
    public Written updateParcel(ParcelEdit edit, Principal caller, Change change) {
        long id = edit.id();
        Created updated = database.inTransaction(connection -> {
            Trust trust = lockTrustOf(connection, id);
            requireWriter(caller, trust);
            ParcelStore.ParcelRow current = lockActiveParcel(connection, id);
            edit.expected().requireCurrent("parcel", current.code(), current.versionTag());
            edit.attributes().requireKnownCodes(connection);
            ParcelStore.ParcelRow changed = edit.attributes().over(current);
            List<GeometryFinding> warnings = List.of();
            if (edit.geometry().isPresent()) {
                SourceCrs crs =
                        BoundaryReader.parseContentCrs(connection, edit.format().contentCrs());
                BoundaryReader.Boundary boundary = boundaries.read(
                        connection,
                        edit.geometry().get(),
                        crs,
                        trust.id(),
                        edit.format().language());
                rejectOverlaps(connection, trust, boundary.geometry(), List.of(id));
                changed = changed.withGeometry(boundary.geometry(), boundary.sourceSrid());
                warnings = boundary.warnings();
            }
            if (!changed.code().equals(current.code())) {
                requireFreeCode(connection, trust, changed.code(), id);
            }
            List<String> changedFields = changedFields(current, changed);
            if (changedFields.isEmpty()) {
                return new Created(id, warnings); // nothing new: no version, no audit entry
            }
            change.mark(connection, ParcelOperation.UPDATE.databaseCode());
            if (!ParcelStore.updateParcel(connection, changed)) {
                throw new Problem(
                        CommonProblem.STALE_VERSION,
                        "Parcel " + current.code() + " changed while you wrote; reload it and apply your change again.",
                        Map.of("parcel", id));
            }
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "parcel",
                            id,
                            "update",
                            Map.of("version", current.version() + 1, "changed", changedFields)));
            return new Created(id, warnings);
        });
        return written(updated);
    }

    /**
     * Retires parcel {@code id} as {@code caller}: it stays readable, is no longer listed, and never changes
     * again.
     *
     * @throws Problem 404 when there is no such parcel; 403 unless the caller is staff or admin of its trust;
     *     409 ({@code parcel-retired}, {@code parcel-leased}) when it is retired already or a lease holds it;
     *     428 or 412 unless the client read the current version
     */
    public Written retireParcel(long id, ExpectedVersions expected, Principal caller, Change change) {
        database.inTransaction(connection -> {
            Trust trust = lockTrustOf(connection, id);
            requireWriter(caller, trust);
            ParcelStore.ParcelRow current = lockActiveParcel(connection, id);
            expected.requireCurrent("parcel", current.code(), current.versionTag());
            retire(connection, trust, current, change, ParcelOperation.RETIRE);
            return null;
        });
        return written(new Created(id, List.of()));
    }

    /** A parcel written in a transaction, to read once it has committed. */
    private record Created(long id, List<GeometryFinding> warnings) {}

    private Written written(Created created) {
        return new Written(
                created.id(), parcels.findCurrentFeature(created.id(), false).orElseThrow(), created.warnings());
    }

    /**
     * Retires {@code current} as the next version, written as {@code operation} ({@link
     * ParcelOperation#RETIRE}, or the split or merge that ends it), with its audit entry, in the caller's
     * transaction.
     *
     * @throws Problem 409 ({@code parcel-leased}) when a lease holds it today or later
     */
    void retire(
            Connection connection,
            Trust trust,
            ParcelStore.ParcelRow current,
            Change change,
            ParcelOperation operation) {
        refuseWhileLeased(connection, current);
        change.mark(connection, operation.databaseCode());
        if (!ParcelStore.updateParcel(connection, current.withStatus(ParcelStatus.RETIRED))) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Parcel " + current.code() + " changed while you wrote.",
                    Map.of("parcel", current.id()));
        }
        audit.record(
                connection,
                change,
                AuditEvent.of(
                        trust.id(),
                        "parcel",
                        current.id(),
                        operation.databaseCode(),
                        Map.of("version", current.version() + 1, "code", current.code())));
    }

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
                Map.of("parcel", parcel.id(), "leases", leases));
    }

    /**
     * Staff and admins of the trust write its parcels.
     *
     * @throws Problem 403 for anyone else
     */
    static void requireWriter(Principal caller, Trust trust) {
        caller.requireRole(trust, false, Role.STAFF, Role.ADMIN);
    }

    /**
     * Takes the trust's parcel-write lock first, before any parcel row: every parcel write takes them in
     * this order, so that writers wait for each other instead of deadlocking.
     *
     * @throws Problem 404 when there is no parcel {@code parcelId}
     */
    static Trust lockTrustOf(Connection connection, long parcelId) {
        long trustId = ParcelRepository.findTrustId(connection, parcelId)
                .orElseThrow(() -> Problem.notFound("There is no parcel with id " + parcelId + "."));
        ParcelStore.lockTrustForGeometryWrites(connection, trustId);
        return TrustRepository.findTrustById(connection, trustId).orElseThrow();
    }

    /**
     * The parcel, row-locked; a retired parcel cannot change, and the refusal says where its land went.
     *
     * @throws Problem 404 when there is no such parcel; 409 ({@code parcel-retired}) when it is retired
     */
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

    /**
     * Codes are never reused in a trust, not even a retired parcel's.
     *
     * @throws Problem 409 ({@code code-taken}) when a parcel of the trust other than {@code exceptId} has
     *     {@code code}
     */
    static void requireFreeCode(Connection connection, Trust trust, String code, long exceptId) {
        if (ParcelStore.codeTaken(connection, trust.id(), code, exceptId)) {
            throw new Problem(
                    CommonProblem.CODE_TAKEN,
                    "Trust " + trust.code() + " already has a parcel with code " + code + " (codes are never reused).",
                    Map.of("code", code));
        }
    }

    /** An overlap as a refusal names it: the other parcel, the overlap's area (m²) and shape (GeoJSON). */
    record OverlapFound(long parcel, String code, double overlapSquareMetres, JsonNode overlap) {}

    /**
     * Refuses a boundary that overlaps an active parcel of the trust, other than {@code excluded}, by more
     * than the trust's tolerance; the caller holds the trust's parcel-write lock.
     *
     * @throws Problem 409 ({@code parcels-overlap}) naming every such parcel
     */
    void rejectOverlaps(Connection connection, Trust trust, Geometry boundary, List<Long> excluded) {
        List<Overlaps.Overlap> overlaps = Overlaps.findOverlaps(connection, trust.id(), boundary, excluded);
        if (overlaps.isEmpty()) {
            return;
        }
        List<OverlapFound> found = overlaps.stream()
                .map(overlap -> new OverlapFound(
                        overlap.parcelId(),
                        overlap.code(),
                        Areas.rounded(overlap.areaSquareMetres()),
                        json.readTree(overlap.geometryGeoJson())))
                .toList();
        throw new Problem(
                ParcelProblem.PARCELS_OVERLAP,
                "The boundary overlaps "
                        + String.join(
                                ", ",
                                overlaps.stream().map(Overlaps.Overlap::code).toList())
                        + " by more than the trust's tolerance of "
                        + TrustRepository.overlapToleranceSquareMetres(connection, trust.id())
                        + " m²; nothing was saved.",
                Map.of("overlaps", found));
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
        if (!Objects.equals(before, after)) {
            fields.add(name);
        }
    }
}
