package org.tierra.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.access.TrustScope;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.Sql;

/**
 * Reading the audit log: admins and board members read their trusts' entries, the operator reads all,
 * and any of them may have the whole hash chain recomputed.
 */
public final class AuditTrail {

    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.BOARD);

    private final Database database;
    private final AuditLog log;

    public AuditTrail(Database database, AuditLog log) {
        this.database = database;
        this.log = log;
    }

    /** The trust a {@code trust} filter names, as an access check needs it. */
    private record NamedTrust(long id, String code) implements TrustScope {}

    /**
     * The entries {@code query} asks for that {@code caller} may read, oldest first.
     *
     * @throws Problem 404 for a trust that does not exist; 403 unless the caller is admin or board of the
     *     trust asked for (or the operator), or of some trust when none is asked for
     */
    public List<AuditLog.Entry> listEntries(Principal caller, AuditQuery query) {
        Optional<NamedTrust> trust = query.trust().map(this::getTrust);
        trust.ifPresent(named -> caller.requireRole(named, true, Role.ADMIN, Role.BOARD));
        Optional<List<Long>> visible = caller.operator() ? Optional.empty() : Optional.of(readableTrusts(caller));
        if (visible.map(List::isEmpty).orElse(false)) {
            throw Problem.forbidden("The audit log is read by admins and board members of a trust.");
        }
        return log.list(database, new AuditLog.Filter(visible, trust.map(NamedTrust::id), query));
    }

    /**
     * Recomputes the whole hash chain.
     *
     * @throws Problem 403 unless the caller is the operator, or admin or board of some trust
     */
    public AuditLog.Verification verify(Principal caller) {
        if (!caller.operator() && readableTrusts(caller).isEmpty()) {
            throw Problem.forbidden("Verifying the audit log needs the role admin or board in some trust.");
        }
        return log.verify(database);
    }

    private NamedTrust getTrust(String code) {
        return database.withConnection(connection -> Sql.on(connection, "SELECT id, code FROM trust WHERE code = :code")
                        .bind("code", code)
                        .find(row -> new NamedTrust(row.getLong("id"), row.getString("code"))))
                .orElseThrow(() -> Problem.notFound("There is no trust with code '" + code + "'."));
    }

    /** The ids of the trusts whose entries the caller may read. */
    private static List<Long> readableTrusts(Principal caller) {
        return caller.roles().entrySet().stream()
                .filter(entry -> READERS.contains(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
