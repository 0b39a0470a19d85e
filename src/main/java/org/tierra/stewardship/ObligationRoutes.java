package org.tierra.stewardship;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lease's obligations and their fulfilments: {@code POST /api/v1/leases/{id}/obligations},
 * {@code GET /api/v1/leases/{id}/obligations?asOf=}, {@code POST /api/v1/obligations/{id}/fulfilments}
 * and {@code POST /api/v1/obligations/{id}/end}. The lease's readers read (its trust's admin, board and
 * staff, and its own lessees); its trust's admin and staff write. Every change of an obligation is a new
 * version with who and why; fulfilments are append-only; each write has its audit entry.
 */
public final class ObligationRoutes implements RouteGroup {

    private static final Set<String> CREATE_FIELDS =
            Set.of("kind", "description", "firstDueOn", "everyMonths", "endsOn", "reason");
    private static final Set<String> FULFIL_FIELDS =
            Set.of("dueOn", "fulfilledOn", "event", "document", "notes", "reason");

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public ObligationRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/leases/{id}/obligations", this::createObligation, Access.STAFF);
        routes.get("/api/v1/leases/{id}/obligations", this::listObligations, Access.SIGNED_IN);
        routes.post("/api/v1/obligations/{id}/fulfilments", this::createFulfilment, Access.STAFF);
        routes.post("/api/v1/obligations/{id}/end", this::endObligation, Access.STAFF);
    }

    private void createObligation(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, CREATE_FIELDS);
        String kindCode = body.requiredText("kind");
        ObligationKind kind = ObligationKind.fromCode(kindCode)
                .orElseThrow(() -> Problem.invalidField(
                        "kind", "Unknown kind '" + kindCode + "'. Accepted: " + ObligationKind.codes() + "."));
        Optional<String> description = body.optionalText("description");
        if (kind == ObligationKind.OTHER && description.isEmpty()) {
            throw Problem.invalidField(
                    "description", "An obligation of kind 'other' needs a description of what is due.");
        }
        LocalDate firstDueOn = body.requiredDate("firstDueOn");
        Optional<Integer> everyMonths = readEveryMonths(body);
        Optional<LocalDate> endsOn = body.optionalDate("endsOn");
        if (endsOn.isPresent() && endsOn.get().isBefore(firstDueOn)) {
            throw Problem.invalidField(
                    "endsOn", "'endsOn' (" + endsOn.get() + ") is before 'firstDueOn' (" + firstDueOn + ").");
        }
        String reason = body.requiredText("reason");
        long id = database.inTransaction(connection -> {
            LeaseTerm lease = requireLeaseWriter(connection, principal, leaseId);
            if (lease.closed()) {
                throw new Problem(
                        StewardshipProblem.LEASE_CLOSED,
                        "Lease " + lease.code() + " is " + lease.status() + "; it takes no new obligations.",
                        Map.of("lease", leaseId));
            }
            if (firstDueOn.isBefore(lease.startsOn()) || !firstDueOn.isBefore(lease.endExclusive())) {
                throw Problem.invalidField(
                        "firstDueOn",
                        "'firstDueOn' (" + firstDueOn + ") must fall within lease " + lease.code() + "'s term, "
                                + lease.startsOn() + " to "
                                + lease.endExclusive().minusDays(1) + ".");
            }
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "create");
            long obligationId = ObligationRepository.createObligation(
                    connection, lease.trustId(), leaseId, kind, description, firstDueOn, everyMonths, endsOn);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(lease.trustId()),
                            "obligation",
                            Long.toString(obligationId),
                            "create",
                            Json.fields("lease", leaseId, "kind", kind.code(), "version", 1)));
            return obligationId;
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/leases/" + leaseId + "/obligations");
        respondWithObligation(ctx, 201, leaseId, id);
    }

    private static Optional<Integer> readEveryMonths(JsonBody body) {
        return body.optionalNode("everyMonths").map(node -> {
            if (!node.canConvertToExactIntegral()
                    || node.asLong() < 1
                    || node.asLong() > ObligationSchedule.MAX_EVERY_MONTHS) {
                throw Problem.invalidField(
                        "everyMonths",
                        "'everyMonths' must be a whole number of months from 1 to 120 (12: yearly), or null for a"
                                + " single due date.");
            }
            return node.asInt();
        });
    }

    private void listObligations(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters query = QueryParameters.of(ctx, Set.of("asOf"));
        LocalDate asOf = query.date("asOf").orElseGet(Inputs::today);
        Locale language = Language.of(ctx);
        Map<String, Object> answer = database.inTransaction(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            LeaseAccess.requireReader(connection, principal, leaseId);
            LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
            return Json.fields(
                    "lease",
                    leaseId,
                    "leaseCode",
                    lease.code(),
                    "asOf",
                    asOf.toString(),
                    "obligations",
                    describe(connection, lease, asOf, language, Optional.empty()));
        });
        ctx.json(answer);
    }

    /**
     * The obligations of lease {@code leaseId} as {@code GET /api/v1/leases/{id}/obligations} lists them,
     * for another view of the lease (a lessee's own leases); the caller has checked who may read it.
     */
    public static List<Map<String, Object>> describeObligations(
            Connection connection, long leaseId, LocalDate asOf, Locale language) {
        LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
        return describe(connection, lease, asOf, language, Optional.empty());
    }

    /** The lease's obligations (or only {@code onlyId}) with their next due date, missed dates and fulfilments. */
    private static List<Map<String, Object>> describe(
            Connection connection, LeaseTerm lease, LocalDate asOf, Locale language, Optional<Long> onlyId) {
        Map<Long, List<ObligationRepository.Fulfilment>> fulfilments =
                ObligationRepository.listFulfilmentsOfLease(connection, lease.id()).stream()
                        .collect(Collectors.groupingBy(ObligationRepository.Fulfilment::obligationId));
        return ObligationRepository.listObligationsOfLease(connection, lease.id()).stream()
                .filter(obligation -> onlyId.map(id -> id == obligation.id()).orElse(true))
                .map(obligation -> {
                    List<ObligationRepository.Fulfilment> met = fulfilments.getOrDefault(obligation.id(), List.of());
                    Set<LocalDate> metDates = met.stream()
                            .map(ObligationRepository.Fulfilment::dueOn)
                            .collect(Collectors.toSet());
                    ObligationSchedule schedule = obligation.schedule(lease);
                    Optional<LocalDate> next = nextUnmet(schedule, asOf, metDates);
                    return Json.fields(
                            "id", obligation.id(),
                            "kind", obligation.kind().code(),
                            "kindLabel", obligation.kind().label(language),
                            "description", obligation.description().orElse(null),
                            "firstDueOn", obligation.firstDueOn().toString(),
                            "everyMonths", obligation.everyMonths().orElse(null),
                            "endsOn",
                                    obligation.endsOn().map(LocalDate::toString).orElse(null),
                            "version", obligation.version(),
                            "nextDueOn", next.map(LocalDate::toString).orElse(null),
                            "missed",
                                    schedule.listDueDatesBefore(asOf).stream()
                                            .filter(due -> !metDates.contains(due))
                                            .map(LocalDate::toString)
                                            .toList(),
                            "fulfilments",
                                    met.stream()
                                            .map(fulfilment -> Json.fields(
                                                    "dueOn", fulfilment.dueOn().toString(),
                                                    "fulfilledOn",
                                                            fulfilment
                                                                    .fulfilledOn()
                                                                    .toString(),
                                                    "event",
                                                            fulfilment.eventId().orElse(null),
                                                    "document",
                                                            fulfilment
                                                                    .documentId()
                                                                    .orElse(null),
                                                    "notes", fulfilment.notes().orElse(null),
                                                    "recordedBy", fulfilment.createdByName()))
                                            .toList());
                })
                .toList();
    }

    /** The first due date on or after {@code asOf} not already met (an early fulfilment counts). */
    private static Optional<LocalDate> nextUnmet(ObligationSchedule schedule, LocalDate asOf, Set<LocalDate> met) {
        Optional<LocalDate> next = schedule.findDueDateOnOrAfter(asOf);
        while (next.isPresent() && met.contains(next.get())) {
            next = schedule.findDueDateOnOrAfter(next.get().plusDays(1));
        }
        return next;
    }

    private void createFulfilment(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, FULFIL_FIELDS);
        LocalDate dueOn = body.requiredDate("dueOn");
        LocalDate fulfilledOn = Inputs.requiredPastDate(body, "fulfilledOn", Inputs.today());
        Optional<Long> eventId = Inputs.optionalId(body, "event");
        Optional<Long> documentId = Inputs.optionalId(body, "document");
        Optional<String> notes = body.optionalText("notes");
        String reason = body.requiredText("reason");
        long leaseId = database.inTransaction(connection -> {
            ObligationRepository.Obligation obligation = lockObligation(connection, principal, id);
            LeaseTerm lease =
                    LeaseTerm.findLeaseTerm(connection, obligation.leaseId()).orElseThrow();
            ObligationSchedule schedule = obligation.schedule(lease);
            if (!schedule.isDueOn(dueOn)) {
                throw Problem.invalidField(
                        "dueOn",
                        "Obligation " + id + " is not due on " + dueOn + dueDatesHint(schedule, dueOn)
                                + " Give one of its due dates.");
            }
            eventId.ifPresent(event -> requireSameTrust(connection, obligation, "event", event));
            documentId.ifPresent(document -> requireSameTrust(connection, obligation, "document", document));
            boolean created = ObligationRepository.createFulfilment(
                    connection,
                    obligation,
                    new ObligationRepository.Fulfilment(
                            id, dueOn, fulfilledOn, eventId, documentId, notes, Instant.now(), principal.username()),
                    principal.userId());
            if (!created) {
                throw new Problem(
                        StewardshipProblem.ALREADY_FULFILLED,
                        "The obligation's due date " + dueOn + " is already recorded as fulfilled; fulfilments are"
                                + " never rewritten.",
                        Map.of("obligation", id, "dueOn", dueOn.toString()));
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(obligation.trustId()),
                            "obligation",
                            Long.toString(id),
                            "fulfil",
                            Json.fields("dueOn", dueOn.toString(), "fulfilledOn", fulfilledOn.toString())));
            return obligation.leaseId();
        });
        respondWithObligation(ctx, 201, leaseId, id);
    }

    /** Where a wrong due date sits among the real ones, so the user sees the nearest. */
    private static String dueDatesHint(ObligationSchedule schedule, LocalDate asked) {
        List<LocalDate> before = schedule.listDueDatesBefore(asked);
        Optional<LocalDate> after = schedule.findDueDateOnOrAfter(asked);
        String previous = before.isEmpty() ? "" : "the due date before is " + before.get(before.size() - 1);
        String next = after.map(date -> "the next is " + date).orElse("");
        if (previous.isEmpty() && next.isEmpty()) {
            return " (it has no due dates: is its lease still a draft, or ended?).";
        }
        return " ("
                + String.join(
                        "; ",
                        List.of(previous, next).stream()
                                .filter(s -> !s.isEmpty())
                                .toList()) + ").";
    }

    private static void requireSameTrust(
            Connection connection, ObligationRepository.Obligation obligation, String field, long id) {
        if (ObligationRepository.findTrustOf(connection, field, id)
                .filter(trust -> trust == obligation.trustId())
                .isEmpty()) {
            throw Problem.invalidField(
                    field, "There is no " + field + " with id " + id + " in the obligation's trust.");
        }
    }

    private void endObligation(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("on", "reason"));
        LocalDate on = body.requiredDate("on");
        String reason = body.requiredText("reason");
        long leaseId = database.inTransaction(connection -> {
            ObligationRepository.Obligation obligation = lockObligation(connection, principal, id);
            if (on.isBefore(obligation.firstDueOn())) {
                throw Problem.invalidField(
                        "on",
                        "'on' (" + on + ") is before the obligation first falls due (" + obligation.firstDueOn()
                                + "); an obligation ends on or after its first due date.");
            }
            if (obligation.endsOn().filter(current -> !current.isAfter(on)).isPresent()) {
                throw new Problem(
                        StewardshipProblem.ALREADY_ENDED,
                        "Obligation " + id + " already ends on "
                                + obligation.endsOn().get() + ".",
                        Map.of(
                                "obligation",
                                id,
                                "endsOn",
                                obligation.endsOn().get().toString()));
            }
            LeaseTerm lease =
                    LeaseTerm.findLeaseTerm(connection, obligation.leaseId()).orElseThrow();
            List<LocalDate> later = ObligationRepository.listFulfilmentsOfLease(connection, lease.id()).stream()
                    .filter(fulfilment -> fulfilment.obligationId() == id
                            && fulfilment.dueOn().isAfter(on))
                    .map(ObligationRepository.Fulfilment::dueOn)
                    .toList();
            if (!later.isEmpty()) {
                throw new Problem(
                        StewardshipProblem.FULFILLED_AFTER_END,
                        "Obligation " + id + " is already fulfilled for " + later + ", after " + on
                                + "; end it on or after its last fulfilled due date.",
                        Map.of("obligation", id));
            }
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "end");
            if (!ObligationRepository.endObligation(connection, id, obligation.version(), on)) {
                throw new IllegalStateException("obligation " + id + " changed while locked");
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(obligation.trustId()),
                            "obligation",
                            Long.toString(id),
                            "end",
                            Json.fields("endsOn", on.toString(), "version", obligation.version() + 1)));
            return obligation.leaseId();
        });
        respondWithObligation(ctx, 200, leaseId, id);
    }

    /**
     * The obligation, row-locked, for a writer of its lease. Ids in trusts where the caller holds no role
     * read as missing.
     */
    private static ObligationRepository.Obligation lockObligation(Connection connection, Principal principal, long id) {
        ObligationRepository.Obligation obligation = ObligationRepository.findObligationForUpdate(connection, id)
                .filter(found -> principal.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no obligation with id " + id + "."));
        LeaseAccess.requireWriter(
                principal,
                TrustRepository.findTrustById(connection, obligation.trustId()).orElseThrow());
        return obligation;
    }

    /** The lease, for a writer: 404 when missing or in a trust where the caller holds no role, 403 for readers. */
    private static LeaseTerm requireLeaseWriter(Connection connection, Principal principal, long leaseId) {
        LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId)
                .filter(found -> principal.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + leaseId + "."));
        Trust trust = TrustRepository.findTrustById(connection, lease.trustId()).orElseThrow();
        LeaseAccess.requireWriter(principal, trust);
        return lease;
    }

    private void respondWithObligation(Context ctx, int status, long leaseId, long id) {
        Locale language = Language.of(ctx);
        Map<String, Object> obligation = database.withConnection(connection -> {
            LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
            return describe(connection, lease, Inputs.today(), language, Optional.of(id))
                    .get(0);
        });
        ctx.status(status).json(obligation);
    }
}
