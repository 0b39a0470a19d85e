package org.tierra.http;

import io.javalin.http.Context;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;

/**
 * Who is calling, as the access control in front of every route found it ({@code auth.AccessControl}
 * {@linkplain #attach attaches} the principal before any handler runs), and the change a write makes on
 * their behalf.
 */
public final class Callers {

    private static final String PRINCIPAL = "tierra.principal";

    private Callers() {}

    /** Records who is calling; only the access control does this. */
    public static void attach(Context ctx, Principal principal) {
        ctx.attribute(PRINCIPAL, principal);
    }

    /** The caller, when the request carries valid credentials. */
    public static Optional<Principal> find(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /**
     * The caller; routes declared {@link Access#SIGNED_IN} always have one.
     *
     * @throws Problem 401 ({@code unauthenticated}) when the request carries no valid credentials
     */
    public static Principal get(Context ctx) {
        return find(ctx).orElseThrow(Callers::unauthenticated);
    }

    /**
     * The change this request makes, for {@code reason}: the caller and the request id. What services
     * take to write versions and audit entries.
     */
    public static Change change(Context ctx, String reason) {
        return Change.by(get(ctx), reason, HttpServer.requestId(ctx));
    }

    /** The refusal of a request that must be signed in and is not. */
    public static Problem unauthenticated() {
        return new Problem(
                CommonProblem.UNAUTHENTICATED,
                "Sign in (POST /api/v1/auth/login) or send 'Authorization: Bearer <token>'.");
    }
}
