package org.tierra.trusts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;

/** The trusts a registry holds: the public list, look-ups by code, and the operator creating one. */
public final class Trusts {

    private final Database database;
    private final AuditLog audit;

    public Trusts(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** Every trust, by code, with the number of its parcels not retired. */
    public List<TrustRepository.TrustSummary> listTrusts() {
        return database.withConnection(TrustRepository::listTrusts);
    }

    /**
     * The trust with {@code code}.
     *
     * @throws Problem 404 when there is none
     */
    public Trust getTrust(String code) {
        return getTrust(database, code);
    }

    /**
     * The trust with {@code code}, for code that holds only a {@link Database}.
     *
     * @throws Problem 404 when there is none
     */
    public static Trust getTrust(Database database, String code) {
        return database.withConnection(connection -> TrustRepository.findTrustByCode(connection, code))
                .orElseThrow(() -> Problem.notFound("There is no trust with code '" + code + "'."));
    }

    /**
     * Creates {@code trust}, audited as {@code change}.
     *
     * @throws Problem 409 ({@code trust-exists}) when its code is taken
     */
    public Trust createTrust(NewTrust trust, Change change) {
        return database.inTransaction(connection -> {
            if (TrustRepository.findTrustByCode(connection, trust.code()).isPresent()) {
                throw new Problem(
                        TrustProblem.TRUST_EXISTS,
                        "There is already a trust with code '" + trust.code() + "'.",
                        Map.of("code", trust.code()));
            }
            Trust created = TrustRepository.createTrust(connection, trust);
            audit.record(
                    connection,
                    change,
                    new AuditEvent(
                            Optional.of(created.id()),
                            "trust",
                            created.code(),
                            "create",
                            Map.of(
                                    "name",
                                    created.name(),
                                    "kind",
                                    created.kind().databaseCode())));
            return created;
        });
    }
}
