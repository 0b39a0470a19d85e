package org.tierra.stewardship;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
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
import org.tierra.money.Currencies;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stewardship events and the overdue list: {@code POST /api/v1/stewardship/events} (admin and staff of
 * the trust), {@code GET /api/v1/stewardship/events} and {@code GET /api/v1/stewardship/events/{id}}
 * (admin, board and staff of the trust; a lessee for the events of their own lease), and
 * {@code GET /api/v1/stewardship/overdue} (admin, board and staff). Events are append-only: a mistake is
 * corrected by recording another event.
 */
public final class StewardshipRoutes implements RouteGroup {

    private static final Set<String> EVENT_FIELDS = Set.of(
            "parcel", "lease", "kind", "occurredOn", "notes", "location", "improvementValue", "curesEvent", "reason");
    private static final int MAX_LIST = 1_000;

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public StewardshipRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/stewardship/events", this::createEvent, Access.STAFF);
        routes.get("/api/v1/stewardship/events", this::listEvents, Access.SIGNED_IN);
        routes.get("/api/v1/stewardship/events/{id}", this::getEvent, Access.SIGNED_IN);
        routes.get("/api/v1/stewardship/overdue", this::listOverdue, Access.SIGNED_IN);
    }

    private void createEvent(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, EVENT_FIELDS);
        Optional<Long> parcelId = Inputs.optionalId(body, "parcel");
        Optional<Long> leaseId = Inputs.optionalId(body, "lease");
        if (parcelId.isEmpty() && leaseId.isEmpty()) {
            throw Problem.invalidField("parcel", "Name the parcel, the lease or both that the event concerns.");
        }
        String kind = body.requiredText("kind");
        if (!StewardshipEvent.KINDS.contains(kind)) {
            throw Problem.invalidField(
                    "kind",
                    "Unknown kind '" + kind + "'. Accepted: " + String.join(", ", new TreeSet<>(StewardshipEvent.KINDS))
                            + ".");
        }
        LocalDate occurredOn = Inputs.requiredPastDate(body, "occurredOn", Inputs.today());
        Optional<String> notes = body.optionalText("notes");
        Optional<EventRepository.Point> location = body.optionalNode("location").map(StewardshipRoutes::readPoint);
        Optional<JsonBody> value = body.optionalObject("improvementValue", Set.of("amount", "currency"));
        if (value.isPresent() && !kind.equals("improvement")) {
            throw Problem.invalidField(
                    "improvementValue", "Only an improvement carries a value; this event is a " + kind + ".");
        }
        Optional<Long> curesEventId = Inputs.optionalId(body, "curesEvent");
        if (curesEventId.isPresent() && !kind.equals("cure")) {
            throw Problem.invalidField(
                    "curesEvent", "Only a cure names the violation it cures; this event is a " + kind + ".");
        }
        String reason = body.requiredText("reason");
        long id = database.inTransaction(connection -> {
            Trust trust = resolveTrust(connection, principal, parcelId, leaseId);
            LeaseAccess.requireWriter(principal, trust);
            Optional<BigDecimal> amount = value.map(given -> readAmount(connection, given));
            Optional<String> currency = value.map(given -> given.requiredText("currency"));
            curesEventId.ifPresent(cured -> requireViolation(connection, trust, cured));
            location.ifPresent(point -> requireOnTheLand(connection, trust, parcelId, leaseId, point));
            long eventId = EventRepository.createEvent(
                    connection,
                    new EventRepository.NewEvent(
                            trust.id(),
                            parcelId,
                            leaseId,
                            kind,
                            occurredOn,
                            notes,
                            location,
                            amount,
                            currency,
                            curesEventId,
                            principal.userId(),
                            principal.username()));
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "stewardship_event",
                            Long.toString(eventId),
                            "create",
                            Json.fields("kind", kind, "occurredOn", occurredOn.toString())));
            return eventId;
        });
        StewardshipEvent event = database.withConnection(
                connection -> EventRepository.findEvent(connection, id).orElseThrow());
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/stewardship/events/" + id);
        ctx.status(201).json(event.toJson());
    }

    /**
     * The trust the event belongs to, from its parcel or lease. An id of a trust where the caller holds
     * no role reads as missing, so that other trusts' leases are not confirmed.
     */
    private static Trust resolveTrust(
            Connection connection, Principal principal, Optional<Long> parcelId, Optional<Long> leaseId) {
        Optional<LeaseTerm> lease = leaseId.map(id -> LeaseTerm.findLeaseTerm(connection, id)
                .filter(found -> principal.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.invalidField("lease", "There is no lease with id " + id + ".")));
        Optional<Long> parcelTrust = parcelId.map(id -> EventRepository.findParcelTrustId(connection, id)
                .orElseThrow(() -> Problem.invalidField("parcel", "There is no parcel with id " + id + ".")));
        if (lease.isPresent()
                && parcelId.isPresent()
                && !EventRepository.isParcelOfLease(connection, lease.get().id(), parcelId.get())) {
            throw Problem.invalidField(
                    "parcel",
                    "Parcel " + parcelId.get() + " is not one of the parcels of lease "
                            + lease.get().code() + "; name one of its parcels, or only the lease.");
        }
        long trustId = lease.map(LeaseTerm::trustId).orElseGet(parcelTrust::orElseThrow);
        return TrustRepository.findTrustById(connection, trustId).orElseThrow();
    }

    /** A GeoJSON Point of longitude and latitude in EPSG:4326. */
    private static EventRepository.Point readPoint(JsonNode node) {
        JsonBody point = JsonBody.of(node, "location", Set.of("type", "coordinates"));
        if (!point.requiredText("type").equals("Point")) {
            throw Problem.invalidField("location", "'location' must be a GeoJSON Point: where the event was seen.");
        }
        JsonNode coordinates = node.get("coordinates");
        if (coordinates == null
                || !coordinates.isArray()
                || coordinates.size() != 2
                || !coordinates.get(0).isNumber()
                || !coordinates.get(1).isNumber()) {
            throw Problem.invalidField(
                    "location.coordinates",
                    "'location.coordinates' must be [longitude, latitude] in degrees (EPSG:4326), e.g. [-96.72, 17.06].");
        }
        double longitude = coordinates.get(0).asDouble();
        double latitude = coordinates.get(1).asDouble();
        if (!Double.isFinite(longitude)
                || !Double.isFinite(latitude)
                || Math.abs(longitude) > 180
                || Math.abs(latitude) > 90) {
            throw Problem.invalidField(
                    "location.coordinates",
                    "Longitude must be from -180 to 180 and latitude from -90 to 90, got [" + coordinates.get(0) + ", "
                            + coordinates.get(1) + "]; longitude comes first.");
        }
        return new EventRepository.Point(longitude, latitude);
    }

    private static BigDecimal readAmount(Connection connection, JsonBody value) {
        String currency = value.requiredText("currency");
        int minorUnits = Currencies.findMinorUnits(connection, currency)
                .orElseThrow(() -> Problem.invalidField(
                        "improvementValue.currency",
                        "Unknown currency '" + currency + "': use an ISO 4217 code Tierra accepts, such as MXN."));
        JsonNode node = value.optionalNode("amount")
                .orElseThrow(() ->
                        Problem.invalidField("improvementValue.amount", "'improvementValue.amount' is required."));
        BigDecimal amount;
        try {
            amount = node.isString()
                    ? new BigDecimal(node.asString().strip())
                    : node.isNumber() ? node.decimalValue() : null;
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null
                || amount.signum() < 0
                || amount.stripTrailingZeros().scale() > minorUnits
                || amount.compareTo(new BigDecimal("99999999999999")) > 0) {
            throw Problem.invalidField(
                    "improvementValue.amount",
                    "'improvementValue.amount' must be zero or more with at most " + minorUnits + " decimals for "
                            + currency + ", e.g. \"125000.50\"; got " + node + ".");
        }
        return amount;
    }

    private static void requireViolation(Connection connection, Trust trust, long curedId) {
        Optional<StewardshipEvent> cured =
                EventRepository.findEvent(connection, curedId).filter(event -> event.trustId() == trust.id());
        if (cured.isEmpty()) {
            throw Problem.invalidField(
                    "curesEvent", "There is no event with id " + curedId + " in trust " + trust.code() + ".");
        }
        if (!cured.get().kind().equals("violation")) {
            throw Problem.invalidField(
                    "curesEvent",
                    "Event " + curedId + " is a " + cured.get().kind() + "; a cure names the violation it cures.");
        }
    }

    /** The friendly form of the database's location trigger: says how far off the point is. */
    private static void requireOnTheLand(
            Connection connection,
            Trust trust,
            Optional<Long> parcelId,
            Optional<Long> leaseId,
            EventRepository.Point point) {
        EventRepository.Distance distance = EventRepository.findDistance(
                        connection, trust.id(), parcelId, leaseId, point)
                .orElseThrow(() -> Problem.invalidField("location", "The event's land has no parcel to place it on."));
        if (!distance.within()) {
            long metres = Math.round(Math.ceil(distance.metres()));
            throw new Problem(
                    CommonProblem.INVALID_FIELD,
                    String.format(
                            Locale.ROOT,
                            "The location is %d m from the event's %s; trust %s accepts points at most %s m outside it."
                                    + " Check the coordinates (longitude first) or the parcel.",
                            metres,
                            parcelId.isPresent() ? "parcel" : "lease's parcels",
                            trust.code(),
                            BigDecimal.valueOf(distance.toleranceMetres())
                                    .stripTrailingZeros()
                                    .toPlainString()),
                    Json.fields(
                            "field",
                            "location",
                            "distanceMetres",
                            metres,
                            "toleranceMetres",
                            distance.toleranceMetres()));
        }
    }

    private void listEvents(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters query =
                QueryParameters.of(ctx, Set.of("trust", "parcel", "lease", "kind", "from", "to", "limit"));
        Optional<String> trustCode = query.find("trust");
        Optional<Long> parcelId = Inputs.optionalId(query, "parcel");
        Optional<Long> leaseId = Inputs.optionalId(query, "lease");
        Optional<String> kind = query.find("kind");
        kind.filter(given -> !StewardshipEvent.KINDS.contains(given)).ifPresent(given -> {
            throw Problem.invalidParameter(
                    "kind",
                    "Unknown kind '" + given + "'. Accepted: "
                            + String.join(", ", new TreeSet<>(StewardshipEvent.KINDS)) + ".");
        });
        Optional<LocalDate> from = query.date("from");
        Optional<LocalDate> to = query.date("to");
        int limit = query.intInRange("limit", 1, MAX_LIST, 100);
        List<StewardshipEvent> events = database.withConnection(connection -> {
            Trust trust;
            if (leaseId.isPresent()) {
                // the lease's readers: the trust's admin, board and staff, and its own lessees
                trust = LeaseAccess.requireReader(connection, principal, leaseId.get());
                if (trustCode.isPresent() && !trustCode.get().equals(trust.code())) {
                    throw Problem.invalidParameter(
                            "lease", "Lease " + leaseId.get() + " is not a lease of trust " + trustCode.get() + ".");
                }
            } else {
                String code = trustCode.orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Name the trust (trust=code), or a lease (lease=id) to list its events."));
                trust = getTrust(connection, code);
                LeaseAccess.requireTrustReader(principal, trust);
            }
            return EventRepository.listEvents(
                    connection, new EventRepository.Filter(trust.id(), parcelId, leaseId, kind, from, to, limit));
        });
        ctx.json(Json.fields(
                "events", events.stream().map(StewardshipEvent::toJson).toList()));
    }

    private void getEvent(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        StewardshipEvent event = database.withConnection(connection -> {
            StewardshipEvent found = EventRepository.findEvent(connection, id)
                    .filter(candidate -> principal.roleIn(candidate.trustId()).isPresent())
                    .orElseThrow(() -> Problem.notFound("There is no stewardship event with id " + id + "."));
            Role role = principal.roleIn(found.trustId()).orElseThrow();
            boolean ownLease = role == Role.LESSEE
                    && found.leaseId().isPresent()
                    && LeaseAccess.isLesseeOf(
                            connection, principal.userId(), found.leaseId().get());
            if (!ownLease) {
                LeaseAccess.requireTrustReader(
                        principal,
                        TrustRepository.findTrustById(connection, found.trustId())
                                .orElseThrow());
            }
            return found;
        });
        ctx.json(event.toJson());
    }

    private void listOverdue(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters query = QueryParameters.of(ctx, Set.of("trust", "asOf"));
        String code =
                query.find("trust").orElseThrow(() -> Problem.invalidParameter("trust", "Name the trust: trust=code."));
        LocalDate asOf = query.date("asOf").orElseGet(Inputs::today);
        Locale language = Language.of(ctx);
        Trust trust = database.withConnection(connection -> getTrust(connection, code));
        LeaseAccess.requireTrustReader(principal, trust);
        List<Map<String, Object>> overdue = database.inTransaction(connection -> {
            // one snapshot for the obligations and their fulfilments
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<Long, Set<LocalDate>> fulfilled = ObligationRepository.listFulfilledDueDates(connection, trust.id());
            List<Overdue> found = new ArrayList<>();
            for (ObligationRepository.InForce item :
                    ObligationRepository.listObligationsInForce(connection, trust.id(), asOf)) {
                Set<LocalDate> met = fulfilled.getOrDefault(item.obligation().id(), Set.of());
                for (LocalDate due : item.obligation().schedule(item.lease()).listDueDatesBefore(asOf)) {
                    if (!met.contains(due)) {
                        found.add(new Overdue(item, due, ChronoUnit.DAYS.between(due, asOf)));
                    }
                }
            }
            found.sort(Comparator.comparingLong(Overdue::daysOverdue)
                    .reversed()
                    .thenComparing(overdueItem -> overdueItem.item().lease().code())
                    .thenComparingLong(
                            overdueItem -> overdueItem.item().obligation().id()));
            return found.stream().map(item -> item.toJson(language)).toList();
        });
        ctx.json(Json.fields("trust", trust.code(), "asOf", asOf.toString(), "overdue", overdue));
    }

    /** One due date not met by the day asked about. */
    private record Overdue(ObligationRepository.InForce item, LocalDate dueOn, long daysOverdue) {
        Map<String, Object> toJson(Locale language) {
            ObligationRepository.Obligation obligation = item.obligation();
            return Json.fields(
                    "lease", item.lease().id(),
                    "leaseCode", item.lease().code(),
                    "parcelCodes", item.parcelCodes(),
                    "obligation", obligation.id(),
                    "kind", obligation.kind().code(),
                    "kindLabel", obligation.kind().label(language),
                    "description", obligation.description().orElse(null),
                    "dueOn", dueOn.toString(),
                    "daysOverdue", daysOverdue);
        }
    }

    private static Trust getTrust(Connection connection, String code) {
        return TrustRepository.findTrustByCode(connection, code)
                .orElseThrow(() -> Problem.notFound("There is no trust with code '" + code + "'."));
    }
}
