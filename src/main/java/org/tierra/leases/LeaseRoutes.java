package org.tierra.leases;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.money.Currencies;
import org.tierra.resale.ResaleCalculator;
import org.tierra.resale.ResaleQuote;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ground leases and their lifecycle: {@code POST /api/v1/leases}, {@code GET /api/v1/leases},
 * {@code GET /api/v1/leases/{id}}, {@code GET /api/v1/leases/{id}/versions}, the edit of a draft
 * {@code PATCH /api/v1/leases/{id}} and the transitions
 * {@code POST /api/v1/leases/{id}/activate | cancel | terminate | expire | assign}.
 *
 * <p>A lease is born a draft (its terms, parcels and lessees can only be edited then) and moves draft →
 * active → terminated | expired (or assigned, when the home is sold), or draft → cancelled when it will
 * never be signed. Each change is a new version
 * (recorded by the database) and an audit entry, in one transaction. A parcel holds at most one lease
 * in force on any day: the handler looks for a colliding lease first and names it, and when two
 * requests race past that check the database's exclusion constraint refuses the loser, which is
 * answered the same way.
 */
public final class LeaseRoutes implements RouteGroup {

    private static final String EXCLUSION_VIOLATION = "23P01";
    private static final String DEADLOCK_DETECTED = "40P01";
    /**
     * Two activations on the same parcel can each insert their days in force and then wait for the
     * other: PostgreSQL aborts one as a deadlock. Retrying then waits for the survivor and ends in a
     * clean exclusion violation, so a few attempts always suffice in practice.
     */
    private static final int ACTIVATION_ATTEMPTS = 5;

    private static final Set<String> STATUSES =
            Set.of("draft", "active", "assigned", "terminated", "expired", "cancelled");

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public LeaseRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/leases", this::createLease, Access.SIGNED_IN);
        routes.get("/api/v1/leases", this::listLeases, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}", this::getLease, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}/versions", this::listVersions, Access.SIGNED_IN);
        routes.patch("/api/v1/leases/{id}", this::patchLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/activate", this::activateLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/cancel", this::cancelLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/terminate", this::terminateLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/expire", this::expireLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/assign", this::assignLease, Access.SIGNED_IN);
    }

    private void createLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, LeaseInput.CREATE_FIELDS);
        String trustCode = body.requiredText("trust");
        String requestId = HttpServer.requestId(ctx);
        long id = database.inTransaction(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(
                            () -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireWriter(principal, trust);
            NewLease lease = LeaseInput.readNewLease(connection, body, trust);
            boolean activate = LeaseInput.readActivateNow(body);
            String reason = body.requiredText("reason");
            if (LeaseStore.codeTaken(connection, trust.id(), lease.code())) {
                throw new Problem(
                        CommonProblem.CODE_TAKEN,
                        "Trust " + trust.code() + " already has a lease with code " + lease.code() + ".",
                        Map.of("field", "code", "code", lease.code()));
            }
            if (activate) {
                rejectConflicts(
                        LeaseStore.listConflicts(connection, lease.parcelIds(), lease.startsOn(), lease.endsOn(), 0));
            }
            Change change = Change.by(principal, reason, requestId);
            change.mark(connection, "create");
            long leaseId = LeaseStore.insertLease(connection, lease);
            LeaseStore.insertParcels(connection, leaseId, trust.id(), lease.parcelIds());
            LeaseStore.insertLessees(connection, leaseId, trust.id(), lease.lessees());
            int version = 1;
            if (activate) {
                change.mark(connection, "activate");
                putInForce(
                        connection,
                        LeaseStore.findStateForUpdate(connection, leaseId).orElseThrow());
                version = 2;
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "lease",
                            Long.toString(leaseId),
                            "create",
                            Json.fields(
                                    "code",
                                    lease.code(),
                                    "status",
                                    activate ? "active" : "draft",
                                    "version",
                                    version,
                                    "parcels",
                                    lease.parcelIds())));
            return leaseId;
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/leases/" + id);
        respondWithLease(ctx, 201, id);
    }

    /**
     * Edits a draft: the fields given replace the draft's, the whole is checked as a create is, and a
     * change is one new version and one audit entry naming the fields changed (none when nothing did).
     * If-Match is required, so that an edit never overwrites one the client has not seen.
     */
    private void patchLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LeaseInput.PATCH_FIELDS);
        String reason = body.requiredText("reason");
        String requestId = HttpServer.requestId(ctx);
        database.inTransaction(connection -> {
            LeaseStore.LeaseState state = lockForWrite(connection, principal, id, ctx);
            String ifMatch = ctx.header("If-Match");
            if (ifMatch == null || ifMatch.isBlank()) {
                throw new Problem(
                        CommonProblem.PRECONDITION_REQUIRED,
                        "Send If-Match with the ETag of the version you read (GET the lease: its ETag header),"
                                + " so that your change cannot overwrite one you have not seen.",
                        Map.of("lease", id));
            }
            if (!state.status().equals("draft")) {
                throw new Problem(
                        LeaseProblem.LEASE_STATUS,
                        "Lease " + state.code() + " is " + state.status() + "; only a draft can be edited. A signed"
                                + " lease changes only through its lifecycle (terminate, assign).",
                        Map.of("lease", id, "leaseStatus", state.status()));
            }
            Lease current = LeaseStore.findLease(connection, id).orElseThrow();
            Trust trust =
                    TrustRepository.findTrustById(connection, state.trustId()).orElseThrow();
            NewLease next = LeaseInput.readNewLease(connection, LeaseInput.patchedDraft(json, current, body), trust);
            List<String> changed = LeaseInput.changedFields(current, next);
            if (changed.isEmpty()) {
                return null;
            }
            if (changed.contains("code") && LeaseStore.codeTaken(connection, trust.id(), next.code())) {
                throw new Problem(
                        CommonProblem.CODE_TAKEN,
                        "Trust " + trust.code() + " already has a lease with code " + next.code() + ".",
                        Map.of("field", "code", "code", next.code()));
            }
            Change.by(principal, reason, requestId).mark(connection, "update");
            requireUpdated(LeaseStore.updateTerms(connection, state, next), state);
            if (changed.contains("parcels")) {
                LeaseStore.deleteParcels(connection, id);
                LeaseStore.insertParcels(connection, id, trust.id(), next.parcelIds());
            }
            if (changed.contains("lessees")) {
                LeaseStore.deleteLessees(connection, id);
                LeaseStore.insertLessees(connection, id, trust.id(), next.lessees());
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "lease",
                            Long.toString(id),
                            "update",
                            Json.fields("changed", changed)));
            return null;
        });
        respondWithLease(ctx, 200, id);
    }

    /** A draft that will never be signed closes as cancelled, today: it never held its parcels. */
    private void cancelLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        database.inTransaction(connection -> {
            LeaseStore.LeaseState lease = lockForWrite(connection, principal, id, ctx);
            requireStatus(lease, "draft", "cancelled");
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "cancel");
            close(connection, lease, "cancelled", LocalDate.now(ZoneOffset.UTC), reason);
            recordTransition(connection, principal, ctx, lease, "cancel", reason, Map.of());
            return null;
        });
        respondWithLease(ctx, 200, id);
    }

    private void activateLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        database.inTransaction(connection -> {
            LeaseStore.LeaseState lease = lockForWrite(connection, principal, id, ctx);
            requireStatus(lease, "draft", "activated");
            rejectConflicts(LeaseStore.listConflicts(
                    connection, LeaseStore.listParcelIds(connection, id), lease.startsOn(), lease.endsOn(), id));
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "activate");
            putInForce(connection, lease);
            recordTransition(connection, principal, ctx, lease, "activate", reason, Map.of());
            return null;
        });
        respondWithLease(ctx, 200, id);
    }

    private void terminateLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("on", "reason"));
        LocalDate on = body.requiredDate("on");
        String reason = body.requiredText("reason");
        database.inTransaction(connection -> {
            LeaseStore.LeaseState lease = lockForWrite(connection, principal, id, ctx);
            requireStatus(lease, "active", "terminated");
            if (on.isBefore(lease.startsOn()) || on.isAfter(lease.endsOn())) {
                throw Problem.invalidField(
                        "on",
                        "Lease " + lease.code() + " runs from " + lease.startsOn() + " to " + lease.endsOn()
                                + "; it can be terminated on a day within that term, not on " + on + ".");
            }
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "terminate");
            close(connection, lease, "terminated", on, reason);
            recordTransition(connection, principal, ctx, lease, "terminate", reason, Map.of("on", on.toString()));
            return null;
        });
        respondWithLease(ctx, 200, id);
    }

    private void expireLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("on", "reason"));
        Optional<LocalDate> on = body.optionalDate("on");
        String reason = body.requiredText("reason");
        database.inTransaction(connection -> {
            LeaseStore.LeaseState lease = lockForWrite(connection, principal, id, ctx);
            requireStatus(lease, "active", "expired");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (on.isPresent() && on.get().isBefore(lease.endsOn())) {
                throw Problem.invalidField(
                        "on",
                        "Lease " + lease.code() + " expires at the end of its term, on " + lease.endsOn()
                                + " or later, not on " + on.get() + "; to end it earlier, terminate it.");
            }
            if (on.isPresent() && on.get().isAfter(today)) {
                throw Problem.invalidField(
                        "on", "'on' (" + on.get() + ") is in the future; record an expiry once it has happened.");
            }
            if (lease.endsOn().isAfter(today)) {
                throw new Problem(
                        LeaseProblem.LEASE_STILL_RUNNING,
                        "Lease " + lease.code() + " runs until " + lease.endsOn()
                                + "; it can be expired from that day on (to end it earlier, terminate it).",
                        Map.of("lease", id, "endsOn", lease.endsOn().toString()));
            }
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "expire");
            // The lease held its parcels until its end date, whenever the expiry is recorded.
            close(connection, lease, "expired", lease.endsOn(), reason);
            recordTransition(
                    connection,
                    principal,
                    ctx,
                    lease,
                    "expire",
                    reason,
                    Map.of("on", on.orElse(lease.endsOn()).toString()));
            return null;
        });
        respondWithLease(ctx, 200, id);
    }

    /**
     * The home on the land is sold: the active lease closes as assigned on {@code on}, and the next
     * lease opens on the same parcels from that day, with the same terms, the resale policy's latest
     * version, and as purchase price the resale price the policy allows, whose worksheet is kept with
     * the assignment.
     */
    private void assignLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body =
                JsonBody.read(ctx, json, Set.of("on", "code", "lessees", "currentAppraisal", "termYears", "reason"));
        LocalDate on = body.requiredDate("on");
        String code = LeaseInput.readCode(body);
        String reason = body.requiredText("reason");
        int termYears = LeaseInput.optionalLong(body, "", "termYears", 1, 999)
                .map(Long::intValue)
                .orElse(LeaseInput.DEFAULT_TERM_YEARS);
        String requestId = HttpServer.requestId(ctx);
        Assigned assigned = database.inTransaction(connection -> {
            LeaseStore.LeaseState from = lockForWrite(connection, principal, id, ctx);
            requireStatus(from, "active", "assigned");
            if (on.isBefore(from.startsOn()) || !on.isBefore(from.endsOn())) {
                throw Problem.invalidField(
                        "on",
                        "Lease " + from.code() + " is in force from " + from.startsOn() + " until " + from.endsOn()
                                + "; it can be assigned on a day within that term, not on " + on + ".");
            }
            Trust trust =
                    TrustRepository.findTrustById(connection, from.trustId()).orElseThrow();
            List<NewLease.Lessee> lessees = LeaseInput.readLessees(connection, body, trust);
            Lease current = LeaseStore.findLease(connection, id).orElseThrow();
            Optional<BigDecimal> appraisal = LeaseInput.optionalDecimal(body, "", "currentAppraisal")
                    .map(value -> LeaseInput.checkAmount(
                            "currentAppraisal",
                            value,
                            current.currency(),
                            Currencies.findMinorUnits(connection, current.currency())
                                    .orElseThrow()));
            if (LeaseStore.codeTaken(connection, trust.id(), code)) {
                throw new Problem(
                        CommonProblem.CODE_TAKEN,
                        "Trust " + trust.code() + " already has a lease with code " + code + ".",
                        Map.of("field", "code", "code", code));
            }
            ResaleQuote quote = ResaleCalculator.quoteForLease(connection, id, on, appraisal);
            Optional<Lease.PolicyRef> latestPolicy = current.resalePolicy()
                    .flatMap(policy -> LeaseStore.findPolicyVersion(
                            connection, trust.id(), Optional.of(policy.id()), Optional.empty(), Optional.empty()));
            NewLease next =
                    nextLease(current, code, lessees, on, on.plusYears(termYears), latestPolicy, quote, appraisal);

            Change change = Change.by(principal, reason, requestId);
            change.mark(connection, "assign");
            close(connection, from, "assigned", on, reason);
            change.mark(connection, "create");
            long nextId = LeaseStore.insertLease(connection, next);
            LeaseStore.insertParcels(connection, nextId, trust.id(), next.parcelIds());
            LeaseStore.insertLessees(connection, nextId, trust.id(), next.lessees());
            change.mark(connection, "activate");
            putInForce(
                    connection,
                    LeaseStore.findStateForUpdate(connection, nextId).orElseThrow());
            LeaseStore.insertAssignment(
                    connection, id, nextId, trust.id(), on, quote, json.writeValueAsString(quote.worksheet()));
            recordTransition(
                    connection,
                    principal,
                    ctx,
                    from,
                    "assign",
                    reason,
                    Json.fields(
                            "on", on.toString(),
                            "toLease", nextId,
                            "toCode", code,
                            "resalePrice", quote.price().toPlainString(),
                            "currency", quote.currency()));
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "lease",
                            Long.toString(nextId),
                            "create",
                            Json.fields(
                                    "code",
                                    code,
                                    "status",
                                    "active",
                                    "version",
                                    2,
                                    "fromLease",
                                    id,
                                    "parcels",
                                    next.parcelIds())));
            return new Assigned(nextId, quote);
        });
        Lease previous = database.withConnection(connection -> LeaseStore.findLease(connection, id))
                .orElseThrow();
        Lease next = database.withConnection(connection -> LeaseStore.findLease(connection, assigned.nextId()))
                .orElseThrow();
        ctx.status(201);
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/leases/" + assigned.nextId());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(Json.fields(
                "previousLease", previous.toJson(),
                "nextLease", next.toJson(),
                "resalePrice", assigned.quote().price().toPlainString(),
                "currency", assigned.quote().currency(),
                "resalePolicy",
                        Json.fields(
                                "id", assigned.quote().policyId(),
                                "version", assigned.quote().policyVersion(),
                                "family", assigned.quote().family()),
                "worksheet", assigned.quote().worksheet()));
    }

    /** The lease written by an assignment, and the quote its purchase price came from. */
    private record Assigned(long nextId, ResaleQuote quote) {}

    /** The next lease: the same land and terms, new lessees, the policy's latest version, the resale price. */
    private static NewLease nextLease(
            Lease current,
            String code,
            List<NewLease.Lessee> lessees,
            LocalDate startsOn,
            LocalDate endsOn,
            Optional<Lease.PolicyRef> policy,
            ResaleQuote quote,
            Optional<BigDecimal> appraisal) {
        return new NewLease(
                current.trustId(),
                code,
                current.parcels().stream().map(Lease.LeasedParcel::id).toList(),
                lessees,
                startsOn,
                endsOn,
                current.renewable(),
                current.renewalTermYears(),
                current.permittedUse(),
                current.feeAmount(),
                current.currency(),
                current.feePeriod(),
                current.escalation(),
                current.escalationPercent(),
                current.escalationIndex(),
                policy,
                Optional.of(quote.price()),
                appraisal,
                // The index value at this purchase is the resale engine's to look up when it is needed.
                Optional.empty(),
                Optional.empty());
    }

    private void getLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        Lease lease = database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, principal, id);
            return LeaseStore.findLease(connection, id).orElseThrow();
        });
        respond(ctx, 200, lease);
    }

    private void listLeases(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust", "status", "parcel", "limit", "after"));
        String trustCode = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Name the trust whose leases to list: ?trust=ftc-jacarandas."));
        Optional<String> status = parameters.find("status");
        status.filter(value -> !STATUSES.contains(value)).ifPresent(value -> {
            throw Problem.invalidParameter(
                    "status",
                    "'status' is one of "
                            + String.join(", ", STATUSES.stream().sorted().toList()) + ", got '" + value + "'.");
        });
        Optional<Long> parcel = parameters.find("parcel").map(value -> QueryParameters.parseId("parcel", value));
        long after = parameters
                .find("after")
                .map(value -> QueryParameters.parseId("after", value))
                .orElse(0L);
        int limit = parameters.intInRange("limit", 1, 1000, 100);
        List<Lease> leases = database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() ->
                            Problem.invalidParameter("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireTrustReader(principal, trust);
            return LeaseStore.listLeases(connection, trust.id(), status, parcel, after, limit);
        });
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(Json.fields(
                "trust",
                trustCode,
                "leases",
                leases.stream().map(Lease::toJson).toList(),
                "next",
                leases.size() == limit ? leases.get(leases.size() - 1).id() : null));
    }

    private void listVersions(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        List<Map<String, Object>> versions = database.withConnection(connection -> {
            Trust trust = LeaseAccess.requireReader(connection, principal, id);
            // Who changed a lease and why is the trust's business; a lessee sees what changed and when.
            boolean insider = principal
                    .roleIn(trust.id())
                    .filter(role -> role != Role.LESSEE)
                    .isPresent();
            return LeaseStore.listVersions(connection, id).stream()
                    .map(version -> {
                        Map<String, Object> item = Json.fields(
                                "version", version.version(),
                                "validFrom", version.validFrom().toString(),
                                "validTo",
                                        version.validTo().map(Instant::toString).orElse(null),
                                "operation", version.operation(),
                                "lease", json.readTree(version.snapshotJson()));
                        if (insider) {
                            item.put("changedBy", version.changedBy());
                            item.put("reason", version.reason());
                            item.put("requestId", version.requestId().orElse(null));
                        }
                        return item;
                    })
                    .toList();
        });
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(Json.fields("lease", id, "versions", versions));
    }

    /**
     * The lease, row-locked, after checking that {@code principal} writes its trust's leases and that
     * the client's {@code If-Match}, when sent, names the current version.
     *
     * @throws Problem 404 when there is no such lease or the caller holds no role in its trust
     */
    private static LeaseStore.LeaseState lockForWrite(
            Connection connection, Principal principal, long id, Context ctx) {
        Trust trust = LeaseAccess.getTrustOfLease(connection, id);
        if (principal.roleIn(trust.id()).isEmpty()) {
            throw Problem.notFound("There is no lease with id " + id + ".");
        }
        LeaseAccess.requireWriter(principal, trust);
        LeaseStore.LeaseState lease = LeaseStore.findStateForUpdate(connection, id)
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + id + "."));
        String ifMatch = ctx.header("If-Match");
        String etag = "\"" + id + "-" + lease.version() + "\"";
        if (ifMatch != null
                && !ifMatch.isBlank()
                && !ifMatch.strip().replaceFirst("^W/", "").equals(etag)) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Lease " + lease.code() + " is at version " + lease.version() + ", not the one you read ("
                            + ifMatch.strip() + "); reload it and decide again.",
                    Map.of("lease", id, "currentETag", etag));
        }
        return lease;
    }

    private static void requireStatus(LeaseStore.LeaseState lease, String required, String becoming) {
        if (!lease.status().equals(required)) {
            throw new Problem(
                    LeaseProblem.LEASE_STATUS,
                    "Lease " + lease.code() + " is " + lease.status() + "; only a " + required + " lease can be "
                            + becoming + ".",
                    Map.of("lease", lease.id(), "leaseStatus", lease.status()));
        }
    }

    /**
     * Moves a draft lease to active. The activation runs under a savepoint: when a concurrent request
     * put another lease in force on one of the parcels after our check, the exclusion constraint
     * refuses it, and the answer names that lease like the check would have.
     */
    private static void putInForce(Connection connection, LeaseStore.LeaseState lease) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                requireUpdated(
                        LeaseStore.updateStatus(connection, lease, "active", Optional.empty(), Optional.empty()),
                        lease);
                connection.releaseSavepoint(savepoint);
                return;
            } catch (DatabaseException e) {
                connection.rollback(savepoint);
                String sqlState = e.sqlState().orElse("");
                if (sqlState.equals(EXCLUSION_VIOLATION)) {
                    rejectConflicts(LeaseStore.listConflicts(
                            connection,
                            LeaseStore.listParcelIds(connection, lease.id()),
                            lease.startsOn(),
                            lease.endsOn(),
                            lease.id()));
                    throw new Problem(
                            LeaseProblem.LEASE_IN_FORCE,
                            "Another lease was put in force on one of these parcels at the same moment; reload and"
                                    + " try again. Nothing was saved.",
                            Map.of("lease", lease.id()));
                }
                if (!sqlState.equals(DEADLOCK_DETECTED) || attempt == ACTIVATION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void close(
            Connection connection, LeaseStore.LeaseState lease, String status, LocalDate closedOn, String reason) {
        requireUpdated(
                LeaseStore.updateStatus(connection, lease, status, Optional.of(closedOn), Optional.of(reason)), lease);
    }

    private static void requireUpdated(boolean updated, LeaseStore.LeaseState lease) {
        if (!updated) {
            // The row is locked, so only a bug gets here; answer as a stale version rather than write.
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Lease " + lease.code() + " changed while you wrote; reload it and try again.",
                    Map.of("lease", lease.id()));
        }
    }

    /** 409 naming every lease in force that collides, with its parcel and its days in force. */
    static void rejectConflicts(List<LeaseStore.Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        String named = conflicts.stream()
                .map(conflict -> "parcel " + conflict.parcel() + " is held by lease " + conflict.leaseCode() + " ("
                        + conflict.status() + ", in force from " + conflict.from() + " until " + conflict.until()
                        + ")")
                .collect(Collectors.joining("; "));
        throw new Problem(
                LeaseProblem.LEASE_IN_FORCE,
                "A parcel holds one lease at a time: " + named + ". Nothing was saved.",
                Map.of(
                        "conflicts",
                        conflicts.stream()
                                .map(conflict -> Json.fields(
                                        "lease", conflict.leaseId(),
                                        "code", conflict.leaseCode(),
                                        "status", conflict.status(),
                                        "from", conflict.from().toString(),
                                        "until", conflict.until().toString(),
                                        "parcel", conflict.parcelId(),
                                        "parcelCode", conflict.parcel()))
                                .toList()));
    }

    private void recordTransition(
            Connection connection,
            Principal principal,
            Context ctx,
            LeaseStore.LeaseState lease,
            String action,
            String reason,
            Map<String, Object> details) {
        Map<String, Object> all =
                Json.fields("code", lease.code(), "from", lease.status(), "version", lease.version() + 1);
        all.putAll(details);
        audit.record(
                connection,
                Change.by(principal, reason, HttpServer.requestId(ctx)),
                new AuditEvent(Optional.of(lease.trustId()), "lease", Long.toString(lease.id()), action, all));
    }

    private void respondWithLease(Context ctx, int status, long id) {
        respond(
                ctx,
                status,
                database.withConnection(connection -> LeaseStore.findLease(connection, id))
                        .orElseThrow());
    }

    private static void respond(Context ctx, int status, Lease lease) {
        ctx.status(status);
        ctx.header("ETag", lease.etag());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(lease.toJson());
    }
}
