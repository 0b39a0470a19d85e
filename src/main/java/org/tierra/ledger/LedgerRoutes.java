package org.tierra.ledger;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fee ledger over HTTP: charges generated from the lease's terms ({@link FeeSchedule}), payments and
 * adjustments recorded by the trust's admin and staff; a lease's statement for its readers (the lessee
 * sees their own); the trust's arrears for its admin, board and staff.
 *
 * <p>Amounts are answered as decimal texts with the currency's decimals ({@code "1250.50"}), so that no
 * client reads them through floating point. Every write runs in one transaction with its audit entry.
 */
public final class LedgerRoutes implements RouteGroup {

    private static final Set<String> LEASE_CHARGE_FIELDS = Set.of("through", "reason");
    private static final Set<String> TRUST_CHARGE_FIELDS = Set.of("trust", "through", "reason");
    private static final Set<String> PAYMENT_FIELDS = Set.of("amount", "currency", "paidOn", "reference", "reason");
    private static final Set<String> ADJUSTMENT_FIELDS = Set.of("amount", "on", "reason");
    private static final Set<String> STATEMENT_PARAMETERS = Set.of("from", "to", "asOf");
    private static final Set<String> ARREARS_PARAMETERS = Set.of("trust", "asOf");

    /** Charges are billed up to a year ahead: enough to invoice in advance, too little for a typo's century. */
    static final int MAX_DAYS_AHEAD = 366;

    /** Trusts keep no time zone: "today" is the UTC date (the default {@code asOf}, the charge horizon). */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** Where a day begins first: a date that has begun there is not refused as being in the future. */
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public LedgerRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/leases/{id}/charges", this::chargeLease, Access.STAFF);
        routes.post("/api/v1/ledger/charges", this::chargeTrust, Access.STAFF);
        routes.post("/api/v1/leases/{id}/payments", this::createPayment, Access.STAFF);
        routes.post("/api/v1/leases/{id}/adjustments", this::createAdjustment, Access.STAFF);
        routes.get("/api/v1/leases/{id}/statement", this::getStatement, Access.SIGNED_IN);
        routes.get("/api/v1/ledger/arrears", this::listArrears, Access.SIGNED_IN);
    }

    private void chargeLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LEASE_CHARGE_FIELDS);
        LocalDate through = readThrough(body);
        String reason = body.requiredText("reason");
        ChargeRun run = database.inTransaction(connection -> {
            requireWriterOf(connection, principal, leaseId);
            Ledger.LeaseRow lease = requireSigned(Ledger.lockLease(connection, leaseId));
            return charge(connection, lease, through, principal, reason, HttpServer.requestId(ctx));
        });
        Map<String, Object> answer = run.summary();
        answer.put("charges", run.charges());
        ctx.json(answer);
    }

    private void chargeTrust(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, TRUST_CHARGE_FIELDS);
        String trustCode = body.requiredText("trust");
        LocalDate through = readThrough(body);
        String reason = body.requiredText("reason");
        List<ChargeRun> runs = database.inTransaction(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(
                            () -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireWriter(principal, trust);
            List<ChargeRun> charged = new ArrayList<>();
            // In id order, as every charge run writes: two runs at once wait for each other, never deadlock.
            for (long leaseId : Ledger.listSignedLeaseIds(connection, trust.id())) {
                Ledger.LeaseRow lease = Ledger.lockLease(connection, leaseId);
                charged.add(charge(connection, lease, through, principal, reason, HttpServer.requestId(ctx)));
            }
            return charged;
        });
        ctx.json(Json.fields(
                "trust",
                trustCode,
                "through",
                through.toString(),
                "created",
                runs.stream().mapToInt(ChargeRun::created).sum(),
                "alreadyPresent",
                runs.stream().mapToInt(ChargeRun::alreadyPresent).sum(),
                "leases",
                runs.stream().map(ChargeRun::summary).toList()));
    }

    /** Writes the lease's missing charges through {@code through}, with an audit entry when any is new. */
    private ChargeRun charge(
            Connection connection,
            Ledger.LeaseRow lease,
            LocalDate through,
            Principal principal,
            String reason,
            String requestId) {
        FeeSchedule.IndexValues index = lease.escalationIndex()
                .map(code -> Ledger.getIndexValues(connection, code))
                .orElse(month -> Optional.empty());
        FeeSchedule.Schedule schedule = FeeSchedule.scheduleThrough(lease.terms(), through, index);
        Set<LocalDate> created = new HashSet<>(Ledger.createCharges(
                connection, lease, schedule.charges(), Optional.of(principal.userId()), principal.username()));
        ChargeRun run = new ChargeRun(lease, through, schedule, created);
        if (!created.isEmpty()) {
            BigDecimal total = schedule.charges().stream()
                    .filter(period -> created.contains(period.periodStart()))
                    .map(FeeSchedule.Charge::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(lease.trustId()),
                            "lease",
                            Long.toString(lease.id()),
                            "charge",
                            Map.of(
                                    "through", through.toString(),
                                    "created", created.size(),
                                    "alreadyPresent", run.alreadyPresent(),
                                    "total", lease.scaled(total).toPlainString(),
                                    "currency", lease.currency())));
        }
        return run;
    }

    /** One lease's charge run: the periods due, which were new, which wait for an index value. */
    private record ChargeRun(
            Ledger.LeaseRow lease, LocalDate through, FeeSchedule.Schedule schedule, Set<LocalDate> createdStarts) {

        int created() {
            return createdStarts.size();
        }

        int alreadyPresent() {
            return schedule.charges().size() - createdStarts.size();
        }

        Map<String, Object> summary() {
            return Json.fields(
                    "lease",
                    lease.id(),
                    "code",
                    lease.code(),
                    "currency",
                    lease.currency(),
                    "through",
                    through.toString(),
                    "created",
                    created(),
                    "alreadyPresent",
                    alreadyPresent(),
                    "waiting",
                    schedule.waiting().stream()
                            .map(waiting -> Json.fields(
                                    "periodStart",
                                    waiting.periodStart().toString(),
                                    "missingIndexMonth",
                                    waiting.missingMonth().toString()))
                            .toList());
        }

        List<Map<String, Object>> charges() {
            return schedule.charges().stream()
                    .map(period -> Json.fields(
                            "periodStart",
                            period.periodStart().toString(),
                            "periodEnd",
                            period.periodEnd().toString(),
                            "dueOn",
                            period.dueOn().toString(),
                            "amount",
                            lease.scaled(period.amount()).toPlainString(),
                            "created",
                            createdStarts.contains(period.periodStart())))
                    .toList();
        }
    }

    private void createPayment(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, PAYMENT_FIELDS);
        BigDecimal amount = Amounts.read(body, "amount");
        if (amount.signum() <= 0) {
            throw Problem.invalidField(
                    "amount",
                    "A payment is a positive amount (what was received); record a refund or a correction as an"
                            + " adjustment.");
        }
        Optional<String> currency = body.optionalText("currency");
        LocalDate paidOn = requiredPastDate(body, "paidOn");
        Optional<String> reference = body.optionalText("reference");
        Optional<String> reason = body.optionalText("reason");
        writeEntry(ctx, principal, leaseId, LedgerEntry.Kind.PAYMENT, amount, currency, paidOn, reason, reference);
    }

    private void createAdjustment(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, ADJUSTMENT_FIELDS);
        BigDecimal amount = Amounts.read(body, "amount");
        if (amount.signum() == 0) {
            throw Problem.invalidField(
                    "amount", "An adjustment is non-zero: positive raises what is owed, negative lowers it.");
        }
        LocalDate on = requiredPastDate(body, "on");
        String reason = body.requiredText("reason");
        writeEntry(
                ctx,
                principal,
                leaseId,
                LedgerEntry.Kind.ADJUSTMENT,
                amount,
                Optional.empty(),
                on,
                Optional.of(reason),
                Optional.empty());
    }

    /** Writes a payment (stored negative) or an adjustment, with its audit entry; answers 201 and the entry. */
    private void writeEntry(
            Context ctx,
            Principal principal,
            long leaseId,
            LedgerEntry.Kind kind,
            BigDecimal amount,
            Optional<String> currency,
            LocalDate on,
            Optional<String> reason,
            Optional<String> reference) {
        Map<String, Object> answer = database.inTransaction(connection -> {
            requireWriterOf(connection, principal, leaseId);
            Ledger.LeaseRow lease = requireSigned(Ledger.lockLease(connection, leaseId));
            currency.filter(given -> !given.equals(lease.currency())).ifPresent(given -> {
                throw Problem.invalidField(
                        "currency",
                        "Lease " + lease.code() + " is paid in " + lease.currency() + ", not " + given
                                + "; convert the amount first.");
            });
            Amounts.requireMinorUnits(amount, lease.currency(), lease.terms().minorUnits(), "amount");
            BigDecimal signed = kind == LedgerEntry.Kind.PAYMENT ? amount.negate() : amount;
            // A payment's note goes to the audit log; the ledger's reason column explains adjustments.
            Optional<String> storedReason = kind == LedgerEntry.Kind.ADJUSTMENT ? reason : Optional.empty();
            long id = Ledger.createEntry(connection, lease, kind, signed, on, storedReason, reference, principal);
            String formatted = lease.scaled(signed).toPlainString();
            audit.record(
                    connection,
                    new Change(
                            Optional.of(principal.userId()),
                            principal.username(),
                            reason,
                            Optional.of(HttpServer.requestId(ctx)).filter(requestId -> !requestId.isEmpty())),
                    new AuditEvent(
                            Optional.of(lease.trustId()),
                            "lease",
                            Long.toString(leaseId),
                            kind.code,
                            Map.of(
                                    "entry",
                                    id,
                                    "amount",
                                    formatted,
                                    "currency",
                                    lease.currency(),
                                    "on",
                                    on.toString())));
            LeaseBalance balance = Ledger.balanceOf(connection, leaseId, today());
            Map<String, Object> entry = Json.fields(
                    "id", id, "lease", leaseId, "kind", kind.code, "amount", formatted, "currency", lease.currency());
            entry.put("date", on.toString());
            reference.ifPresent(value -> entry.put("reference", value));
            storedReason.ifPresent(value -> entry.put("reason", value));
            entry.put("balance", balance.balance().toPlainString());
            entry.put("daysInArrears", balance.daysInArrears());
            return entry;
        });
        ctx.status(201).json(answer);
    }

    private void getStatement(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters parameters = QueryParameters.of(ctx, STATEMENT_PARAMETERS);
        Optional<LocalDate> from = parameters.date("from");
        Optional<LocalDate> to = parameters.date("to");
        LocalDate asOf = parameters.date("asOf").orElse(today());
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw Problem.invalidParameter("from", "'from' (" + from.get() + ") is after 'to' (" + to.get() + ").");
        }
        Locale language = Language.of(ctx);
        Map<String, Object> statement = database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, principal, leaseId);
            Ledger.LeaseRow lease = Ledger.getLease(connection, leaseId);
            return statementOf(lease, Ledger.listEntries(connection, leaseId), from, to, asOf, language);
        });
        ctx.json(statement);
    }

    /**
     * The entries dated within {@code [from, to]} (both inclusive, each open when absent) with the running
     * balance, the opening balance (entries before {@code from}), totals per kind, the closing balance,
     * and the balance and arrears as of {@code asOf} over every entry.
     */
    private static Map<String, Object> statementOf(
            Ledger.LeaseRow lease,
            List<LedgerEntry> entries,
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            LocalDate asOf,
            Locale language) {
        BigDecimal opening = entries.stream()
                .filter(entry -> from.isPresent() && entry.entryDate().isBefore(from.get()))
                .map(LedgerEntry::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal running = opening;
        Map<LedgerEntry.Kind, BigDecimal> totals = new LinkedHashMap<>();
        for (LedgerEntry.Kind kind : LedgerEntry.Kind.values()) {
            totals.put(kind, BigDecimal.ZERO);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            boolean inWindow = from.map(day -> !entry.entryDate().isBefore(day)).orElse(true)
                    && to.map(day -> !entry.entryDate().isAfter(day)).orElse(true);
            if (!inWindow) {
                continue;
            }
            running = running.add(entry.amount());
            totals.merge(entry.kind(), entry.amount(), BigDecimal::add);
            Map<String, Object> line = Json.fields(
                    "id",
                    entry.id(),
                    "kind",
                    entry.kind().code,
                    "label",
                    entry.kind().label(language),
                    "date",
                    entry.entryDate().toString());
            entry.periodEnd().ifPresent(day -> line.put("periodEnd", day.toString()));
            entry.dueOn().ifPresent(day -> line.put("dueOn", day.toString()));
            line.put("amount", lease.scaled(entry.amount()).toPlainString());
            line.put("balance", lease.scaled(running).toPlainString());
            entry.reason().ifPresent(text -> line.put("reason", text));
            entry.reference().ifPresent(text -> line.put("reference", text));
            lines.add(line);
        }
        Map<String, Object> totalsByKind = new LinkedHashMap<>();
        totals.forEach((kind, total) -> totalsByKind.put(
                kind.code,
                Json.fields(
                        "label",
                        kind.label(language),
                        "amount",
                        lease.scaled(total).toPlainString())));
        Arrears.Position position = Arrears.positionOf(entries, asOf);
        Map<String, Object> statement = Json.fields("lease", lease.id(), "code", lease.code());
        statement.put("currency", lease.currency());
        from.ifPresent(day -> statement.put("from", day.toString()));
        to.ifPresent(day -> statement.put("to", day.toString()));
        statement.put("asOf", asOf.toString());
        statement.put("openingBalance", lease.scaled(opening).toPlainString());
        statement.put("entries", lines);
        statement.put("totals", totalsByKind);
        statement.put("closingBalance", lease.scaled(running).toPlainString());
        statement.put("balance", lease.scaled(position.balance()).toPlainString());
        statement.put("daysInArrears", position.daysInArrears());
        position.oldestUnpaidDueOn().ifPresent(day -> statement.put("oldestUnpaidDueOn", day.toString()));
        return statement;
    }

    private void listArrears(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, ARREARS_PARAMETERS);
        String trustCode = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Name the trust: ?trust=<code>, e.g. ?trust=ftc-jacarandas."));
        LocalDate asOf = parameters.date("asOf").orElse(today());
        List<Map<String, Object>> leases = database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() ->
                            Problem.invalidParameter("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireTrustReader(principal, trust);
            Map<Long, Ledger.LeaseName> names = Ledger.listLeaseNames(connection, trust.id());
            List<Owing> owing = new ArrayList<>();
            Ledger.listEntriesOfTrust(connection, trust.id(), asOf).forEach((leaseId, entries) -> {
                Arrears.Position position = Arrears.positionOf(entries, asOf);
                if (position.balance().signum() > 0) {
                    owing.add(new Owing(names.get(leaseId), position));
                }
            });
            owing.sort(Comparator.comparingInt((Owing one) -> one.position().daysInArrears())
                    .reversed()
                    .thenComparing(one -> one.lease().code()));
            return owing.stream().map(Owing::toJson).toList();
        });
        ctx.json(Json.fields("trust", trustCode, "asOf", asOf.toString(), "leases", leases));
    }

    /** A lease that owes money, for the arrears list. */
    private record Owing(Ledger.LeaseName lease, Arrears.Position position) {
        Map<String, Object> toJson() {
            Map<String, Object> row = Json.fields(
                    "lease",
                    lease.id(),
                    "code",
                    lease.code(),
                    "currency",
                    lease.currency(),
                    "balance",
                    position.balance()
                            .setScale(lease.minorUnits(), RoundingMode.UNNECESSARY)
                            .toPlainString(),
                    "daysInArrears",
                    position.daysInArrears());
            position.oldestUnpaidDueOn().ifPresent(day -> row.put("oldestUnpaidDueOn", day.toString()));
            return row;
        }
    }

    /**
     * Requires the admin or staff role in the lease's trust. A caller holding no role there is told there
     * is no such lease, as readers are ({@link LeaseAccess#requireReader}): ids of other trusts' leases
     * are not confirmed.
     */
    private static void requireWriterOf(Connection connection, Principal principal, long leaseId) {
        Trust trust = LeaseAccess.getTrustOfLease(connection, leaseId);
        if (principal.roleIn(trust.id()).isEmpty()) {
            throw Problem.notFound("There is no lease with id " + leaseId + ".");
        }
        LeaseAccess.requireWriter(principal, trust);
    }

    /** A draft (or cancelled) lease is not in force: it owes nothing and takes no payments. */
    private static Ledger.LeaseRow requireSigned(Ledger.LeaseRow lease) {
        if (lease.unsigned()) {
            throw new Problem(
                    LedgerProblem.LEASE_DRAFT,
                    "Lease " + lease.code() + " is " + lease.status() + ", not signed: its ledger opens when it is"
                            + " signed (active); nothing was written.",
                    Map.of("lease", lease.id()));
        }
        return lease;
    }

    private static LocalDate readThrough(JsonBody body) {
        LocalDate through = body.requiredDate("through");
        LocalDate limit = today().plusDays(MAX_DAYS_AHEAD);
        if (through.isAfter(limit)) {
            throw Problem.invalidField(
                    "through",
                    "Charges are written at most " + MAX_DAYS_AHEAD + " days ahead (through " + limit + "), got "
                            + through + ".");
        }
        return through;
    }

    /** A date that has happened: money received or a correction made is never recorded ahead of time. */
    private static LocalDate requiredPastDate(JsonBody body, String field) {
        LocalDate date = body.requiredDate(field);
        if (date.isAfter(LocalDate.now(EARLIEST_ZONE))) {
            throw Problem.invalidField(
                    field, "'" + field + "' is in the future (" + date + "); record it on or after the day.");
        }
        return date;
    }
}
