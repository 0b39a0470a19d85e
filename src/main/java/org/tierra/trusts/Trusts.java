package org.tierra.trusts;

import org.tierra.core.Problem;
import org.tierra.db.Database;

/** Trust lookups for route handlers, with the 404 a client should see. */
public final class Trusts {

    private Trusts() {}

    /**
     * The trust with {@code code}.
     *
     * @throws Problem 404 when there is none
     */
    public static Trust getTrust(Database database, String code) {
        return database.withConnection(connection -> TrustRepository.findTrustByCode(connection, code))
                .orElseThrow(() -> Problem.notFound("There is no trust with code '" + code + "'."));
    }
}
