package org.tierra.stewardship;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.tierra.leases.LeaseAccess;
import org.tierra.money.Currencies;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Stewardship events and the overdue list. The trust's admin and staff record events; its admin, board
 * and staff read them all, a lessee those of their own lease. Events are append-only: a mistake is
 * corrected by recording another event. The overdue list is for the trust's admin, board and staff.
 */
public final class Stewardship {

    /** The largest improvement value accepted, inclusive. */
    private static final BigDecimal MAX_VALUE = new BigDecimal("99999999999999");

    private final Database database;
    private final AuditLog audit;

    public Stewardship(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /**
     * Today in UTC: on the American continent, where Tierra's trusts are, that is never earlier than the
     * local date, so a record of something that happened today is never refused as future.
     */
    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * Records {@code event} with its audit entry and returns it as stored.
     *
     * @throws Problem 422 naming the field when the parcel or lease does not exist in a trust of the
     *     caller (or the parcel is not the lease's), the improvement value's currency or amount is wrong,
     *     the cured event is not a violation of the trust, or the location is off the land; 403 unless the
     *     caller is the trust's admin or staff
     */
    public StewardshipEvent createEvent(Principal caller, NewEvent event, Change change) {
        long id = database.inTransaction(connection -> {
            Trust trust = resolveTrust(connection, caller, event.parcelId(), event.leaseId());
            LeaseAccess.requireWriter(caller, trust);
            Optional<BigDecimal> amount = event.improvementValue().map(given -> checkValue(connection, given));
            Optional<String> currency =
                    event.improvementValue().map(given -> given.currency().orElseThrow());
            event.curesEventId().ifPresent(cured -> requireViolation(connection, trust, cured));
            event.location()
                    .ifPresent(point -> requireOnTheLand(connection, trust, event.parcelId(), event.leaseId(), point));
            long eventId = EventRepository.createEvent(connection, trust.id(), event, amount, currency, change);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "stewardship_event",
                            eventId,
                            "create",
                            Map.of(
                                    "kind",
                                    event.kind().databaseCode(),
                                    "occurredOn",
                                    event.occurredOn().toString())));
            return eventId;
        });
        return database.withConnection(
                connection -> EventRepository.findEvent(connection, id).orElseThrow());
    }

    /**
     * The trust the event belongs to, from its parcel or lease. An id of a trust where the caller holds
     * no role reads as missing, so that other trusts' leases are not confirmed.
     */
    private static Trust resolveTrust(
            Connection connection, Principal caller, Optional<Long> parcelId, Optional<Long> leaseId) {
        Optional<LeaseTerm> lease = leaseId.map(id -> LeaseTerm.findLeaseTerm(connection, id)
                .filter(found -> caller.roleIn(found.trustId()).isPresent())
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

    /** The improvement value, checked against its currency's decimals. */
    private static BigDecimal checkValue(Connection connection, NewEvent.GivenValue value) {
        String currency = value.currency()
                .orElseThrow(() ->
                        Problem.invalidField("improvementValue.currency", "'improvementValue.currency' is required."));
        int minorUnits = Currencies.findMinorUnits(connection, currency)
                .orElseThrow(() -> Problem.invalidField(
                        "improvementValue.currency",
                        "Unknown currency '" + currency + "': use an ISO 4217 code Tierra accepts, such as MXN."));
        NewEvent.GivenAmount given = value.amount()
                .orElseThrow(() ->
                        Problem.invalidField("improvementValue.amount", "'improvementValue.amount' is required."));
        return given.value()
                .filter(amount -> amount.signum() >= 0
                        && amount.stripTrailingZeros().scale() <= minorUnits
                        && amount.compareTo(MAX_VALUE) <= 0)
                .orElseThrow(() -> Problem.invalidField(
                        "improvementValue.amount",
                        "'improvementValue.amount' must be zero or more with at most " + minorUnits
                                + " decimals for " + currency + ", e.g. \"125000.50\"; got " + given.asGiven()
                                + "."));
    }

    private static void requireViolation(Connection connection, Trust trust, long curedId) {
        Optional<StewardshipEvent> cured =
                EventRepository.findEvent(connection, curedId).filter(event -> event.trustId() == trust.id());
        if (cured.isEmpty()) {
            throw Problem.invalidField(
                    "curesEvent", "There is no event with id " + curedId + " in trust " + trust.code() + ".");
        }
        if (cured.get().kind() != EventKind.VIOLATION) {
            throw Problem.invalidField(
                    "curesEvent",
                    "Event " + curedId + " is a " + cured.get().kind().databaseCode()
                            + "; a cure names the violation it cures.");
        }
    }

    /** The friendly form of the database's location trigger: says how far off the point is. */
    private static void requireOnTheLand(
            Connection connection, Trust trust, Optional<Long> parcelId, Optional<Long> leaseId, Point point) {
        EventRepository.Distance distance = EventRepository.findDistance(
                        connection, trust.id(), parcelId, leaseId, point)
                .orElseThrow(() -> Problem.invalidField("location", "The event's land has no parcel to place it on."));
        if (!distance.within()) {
            long metres = Math.round(Math.ceil(distance.metres()));
            Map<String, Object> fields = new LinkedHashMap<>(); // in the order clients read them
            fields.put("field", "location");
            fields.put("distanceMetres", metres);
            fields.put("toleranceMetres", distance.toleranceMetres());
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
                    fields);
        }
    }

    /**
     * Which events to list: those of one lease, or of one trust (then optionally of one of its parcels);
     * further filtered by kind and by the days they occurred, both inclusive.
     *
     * @param limit 1 to 1000
     */
    public record EventQuery(
            Optional<String> trust,
            Optional<Long> parcelId,
            Optional<Long> leaseId,
            Optional<EventKind> kind,
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            int limit) {}

    /**
     * The events {@code query} selects, latest first.
     *
     * @throws Problem 400 naming {@code trust} when neither a trust nor a lease is named, or {@code lease}
     *     when the lease is not of the trust named; 404 when the trust or lease does not exist (for the
     *     caller); 403 when the caller may not read them
     */
    public List<StewardshipEvent> listEvents(Principal caller, EventQuery query) {
        return database.withConnection(connection -> {
            Trust trust;
            if (query.leaseId().isPresent()) {
                long leaseId = query.leaseId().get();
                // the lease's readers: the trust's admin, board and staff, and its own lessees
                trust = LeaseAccess.requireReader(connection, caller, leaseId);
                if (query.trust().isPresent() && !query.trust().get().equals(trust.code())) {
                    throw Problem.invalidParameter(
                            "lease",
                            "Lease " + leaseId + " is not a lease of trust "
                                    + query.trust().get() + ".");
                }
            } else {
                String code = query.trust()
                        .orElseThrow(() -> Problem.invalidParameter(
                                "trust", "Name the trust (trust=code), or a lease (lease=id) to list its events."));
                trust = getTrust(connection, code);
                LeaseAccess.requireTrustReader(caller, trust);
            }
            return EventRepository.listEvents(connection, trust.id(), query);
        });
    }

    /**
     * Event {@code id}, for the admin, board and staff of its trust, or a lessee of its lease.
     *
     * @throws Problem 404 when there is none in a trust where the caller holds a role; 403 when the caller
     *     may not read it
     */
    public StewardshipEvent getEvent(Principal caller, long id) {
        return database.withConnection(connection -> {
            StewardshipEvent found = EventRepository.findEvent(connection, id)
                    .filter(candidate -> caller.roleIn(candidate.trustId()).isPresent())
                    .orElseThrow(() -> Problem.notFound("There is no stewardship event with id " + id + "."));
            Role role = caller.roleIn(found.trustId()).orElseThrow();
            boolean ownLease = role == Role.LESSEE
                    && found.leaseId().isPresent()
                    && LeaseAccess.isLesseeOf(
                            connection, caller.userId(), found.leaseId().get());
            if (!ownLease) {
                LeaseAccess.requireTrustReader(
                        caller,
                        TrustRepository.findTrustById(connection, found.trustId())
                                .orElseThrow());
            }
            return found;
        });
    }

    /**
     * Every due date of the obligations of trust {@code trustCode}'s leases in force on {@code asOf} that
     * fell before it and is not met, labelled in {@code language}.
     *
     * @throws Problem 404 when there is no such trust; 403 unless the caller is its admin, board or staff
     */
    public OverdueList listOverdue(Principal caller, String trustCode, LocalDate asOf, Locale language) {
        Trust trust = database.withConnection(connection -> getTrust(connection, trustCode));
        LeaseAccess.requireTrustReader(caller, trust);
        List<OverdueList.Overdue> overdue = database.inTransaction(connection -> {
            // one snapshot for the obligations and their fulfilments
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<Long, Set<LocalDate>> fulfilled = ObligationRepository.listFulfilledDueDates(connection, trust.id());
            List<OverdueList.Overdue> found = new ArrayList<>();
            for (ObligationRepository.InForce item :
                    ObligationRepository.listObligationsInForce(connection, trust.id(), asOf)) {
                ObligationRepository.Obligation obligation = item.obligation();
                Set<LocalDate> met = fulfilled.getOrDefault(obligation.id(), Set.of());
                for (LocalDate due : obligation.schedule(item.lease()).listDueDatesBefore(asOf)) {
                    if (!met.contains(due)) {
                        found.add(new OverdueList.Overdue(
                                item.lease().id(),
                                item.lease().code(),
                                item.parcelCodes(),
                                obligation.id(),
                                obligation.kind(),
                                obligation.kind().label(language),
                                obligation.description(),
                                due,
                                ChronoUnit.DAYS.between(due, asOf)));
                    }
                }
            }
            found.sort(Comparator.comparingLong(OverdueList.Overdue::daysOverdue)
                    .reversed()
                    .thenComparing(OverdueList.Overdue::leaseCode)
                    .thenComparingLong(OverdueList.Overdue::obligation));
            return found;
        });
        return new OverdueList(trust.code(), asOf, overdue);
    }

    private static Trust getTrust(Connection connection, String code) {
        return TrustRepository.findTrustByCode(connection, code)
                .orElseThrow(() -> Problem.notFound("There is no trust with code '" + code + "'."));
    }
}
