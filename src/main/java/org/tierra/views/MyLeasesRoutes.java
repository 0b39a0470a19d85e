package org.tierra.views;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.Language;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;

/** {@code GET /api/v1/me/leases}: the signed-in person's own leases ({@link MyLeases}), in their language. */
public final class MyLeasesRoutes implements RouteGroup {

    private final MyLeases myLeases;

    public MyLeasesRoutes(MyLeases myLeases) {
        this.myLeases = myLeases;
    }

    /** The reply to {@code GET /api/v1/me/leases}. */
    record MyLeaseList(LocalDate asOf, List<MyLease> leases) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/me/leases", this::listMyLeases, Access.SIGNED_IN);
    }

    private void listMyLeases(Context ctx) {
        LocalDate asOf =
                QueryParameters.of(ctx, Set.of("asOf")).date("asOf").orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
        Locale language = Language.of(ctx);
        List<MyLease> leases = myLeases.listMyLeases(Callers.get(ctx), asOf, language);
        ctx.header("Content-Language", language.getLanguage());
        ctx.json(new MyLeaseList(asOf, leases));
    }
}
