package org.tierra.trusts;

import org.tierra.db.Database;
import org.tierra.http.ApiProblem;

/** Trust lookups for route handlers, with the 404 a client should see. */
public final class Trusts {

    private Trusts() {}

    /**
     * The trust with {@code code}.
     *
     * @throws ApiProblem 404 when there is none
     */
    public static Trust getTrust(Database database, String code) {
        return database.withConnection(connection -> TrustRepository.findTrustByCode(connection, code))
                .orElseThrow(() -> ApiProblem.notFound("There is no trust with code '" + code + "'."));
    }
}
