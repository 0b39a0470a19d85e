package org.tierra.ledger;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fee ledger over HTTP ({@link Ledger}): {@code POST /api/v1/leases/{id}/charges},
 * {@code POST /api/v1/ledger/charges}, {@code POST /api/v1/leases/{id}/payments} and
 * {@code /adjustments}, {@code GET /api/v1/leases/{id}/statement} and {@code GET /api/v1/ledger/arrears}.
 */
public final class LedgerRoutes implements RouteGroup {

    private static final Set<String> STATEMENT_PARAMETERS = Set.of("from", "to", "asOf");
    private static final Set<String> ARREARS_PARAMETERS = Set.of("trust", "asOf");

    private final Ledger ledger;
    private final JsonMapper json;

    public LedgerRoutes(Ledger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
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
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LedgerInput.LEASE_CHARGE_FIELDS);
        LocalDate through = LedgerInput.through(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ctx.json(ledger.chargeLease(Callers.get(ctx), leaseId, through, change));
    }

    private void chargeTrust(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, LedgerInput.TRUST_CHARGE_FIELDS);
        String trustCode = body.requiredText("trust");
        LocalDate through = LedgerInput.through(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ctx.json(ledger.chargeTrust(Callers.get(ctx), trustCode, through, change));
    }

    private void createPayment(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LedgerInput.PAYMENT_FIELDS);
        NewEntry payment = LedgerInput.payment(body);
        // A payment's note is optional: it goes to the audit log only.
        Optional<String> reason = body.optionalText("reason");
        Change change = reason.isPresent()
                ? Callers.change(ctx, reason.get())
                : Change.byWithoutReason(Callers.get(ctx), HttpServer.requestId(ctx));
        ctx.status(201).json(ledger.createEntry(Callers.get(ctx), leaseId, payment, change));
    }

    private void createAdjustment(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LedgerInput.ADJUSTMENT_FIELDS);
        NewEntry adjustment = LedgerInput.adjustment(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ctx.status(201).json(ledger.createEntry(Callers.get(ctx), leaseId, adjustment, change));
    }

    private void getStatement(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters parameters = QueryParameters.of(ctx, STATEMENT_PARAMETERS);
        Optional<LocalDate> from = parameters.date("from");
        Optional<LocalDate> to = parameters.date("to");
        LocalDate asOf = parameters.date("asOf").orElseGet(Ledger::today);
        LeaseStatement.Period period = new LeaseStatement.Period(from, to);
        ctx.json(ledger.getStatement(Callers.get(ctx), leaseId, period, asOf, Language.of(ctx)));
    }

    private void listArrears(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, ARREARS_PARAMETERS);
        String trustCode = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Name the trust: ?trust=<code>, e.g. ?trust=ftc-jacarandas."));
        LocalDate asOf = parameters.date("asOf").orElseGet(Ledger::today);
        ctx.json(ledger.listArrears(Callers.get(ctx), trustCode, asOf));
    }
}
