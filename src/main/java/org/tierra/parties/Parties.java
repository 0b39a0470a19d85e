package org.tierra.parties;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.auth.AccountRepository;
import org.tierra.auth.User;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import org.tierra.trusts.Trusts;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trust's parties: creating, changing, listing and reading them, and their versions. Who may do which
 * is {@link PartyAccess}'s rule. Every write is one transaction holding the new version (raised by
 * exactly one) and an audit entry that names fields, never their values: audit details carry no
 * personal data. A CURP and an account each belong to one party per trust.
 */
public final class Parties {

    private final Database database;
    private final AuditLog audit;
    private final PartyRepository parties;

    public Parties(Database database, AuditLog audit, JsonMapper json) {
        this.database = database;
        this.audit = audit;
        this.parties = new PartyRepository(json);
    }

    /**
     * Creates {@code party} as its first version, audited as {@code change}.
     *
     * @throws Problem 422 for a trust that does not exist or a field that does not fit the kind; 403 unless
     *     the caller is admin or staff of the trust; 409 ({@code duplicate-curp}, {@code account-linked})
     *     when another party of the trust has the CURP or the account
     */
    public PartyDetails createParty(Principal caller, NewParty party, Change change) {
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, party.trust()))
                .orElseThrow(
                        () -> Problem.invalidField("trust", "There is no trust with code '" + party.trust() + "'."));
        PartyAccess.requireWriter(caller, trust);
        long id = database.inTransaction(connection -> {
            PartyData data = party.fields().applyTo(party.kind(), Optional.empty(), accountIds(connection, trust));
            requireUnique(connection, trust, data, 0);
            change.mark(connection, "create");
            long created = parties.createParty(connection, trust.id(), data);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "party",
                            created,
                            "create",
                            Map.of(
                                    "version",
                                    1,
                                    "kind",
                                    party.kind().databaseCode(),
                                    "fields",
                                    party.fields().givenFields())));
            return created;
        });
        return database.withConnection(connection ->
                details(connection, parties.findParty(connection, id).orElseThrow()));
    }

    /**
     * The trust's parties, by name.
     *
     * @throws Problem 404 for a trust that does not exist; 403 unless the caller is admin, board or staff
     *     of the trust (trust codes are public, so this confirms nothing a caller could not know)
     */
    public List<PartySummary> listParties(Principal caller, PartyQuery query) {
        Trust trust = Trusts.getTrust(database, query.trust());
        PartyAccess.requireTrustReader(caller, trust);
        return database.withConnection(connection ->
                parties.listParties(connection, trust.id(), query.kind(), query.text(), query.limit(), query.offset()));
    }

    /**
     * Party {@code id} with its members, groups and memberships.
     *
     * @throws Problem 404 or 403 as {@link PartyAccess#requireReader} says
     */
    public PartyDetails getParty(Principal caller, long id) {
        return database.withConnection(connection -> {
            PartyAccess.Reading reading = PartyAccess.requireReader(connection, parties, caller, id);
            return details(connection, reading.party(), reading.trust());
        });
    }

    /**
     * Every version of party {@code id}, oldest first; who made each and why only for the trust's admin,
     * board and staff.
     *
     * @throws Problem 404 or 403 as {@link PartyAccess#requireReader} says
     */
    public List<PartyVersion> listVersions(Principal caller, long id) {
        return database.withConnection(connection -> {
            PartyAccess.Reading reading = PartyAccess.requireReader(connection, parties, caller, id);
            List<PartyVersion> versions = parties.listVersions(connection, id);
            return reading.trustReader()
                    ? versions
                    : versions.stream().map(PartyVersion::withoutAuthor).toList();
        });
    }

    /**
     * Lays {@code changes} over party {@code id} as its next version, audited as {@code change}; a change
     * that changes nothing writes neither a version nor an audit entry.
     *
     * @param expected the version the client read: required
     * @throws Problem 400 when {@code expected} names another record; 404 or 403 as {@link
     *     PartyAccess#requireWriter} says; 428 without a version, 412 when it is not the current one; 422
     *     for a field that does not fit the party; 409 as for {@link #createParty}
     */
    public PartyDetails updateParty(
            Principal caller, long id, PartyChanges changes, ExpectedVersions expected, Change change) {
        for (long named : expected.byId().keySet()) {
            if (named != id) {
                throw Problem.invalidParameter(
                        "If-Match", "If-Match names party " + named + ", but this is party " + id + ".");
            }
        }
        database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, caller, id);
            Party current = parties.findPartyForUpdate(connection, id).orElseThrow(() -> PartyAccess.notFound(id));
            expected.requireCurrent("party", Long.toString(id), current.tag());
            PartyData changed =
                    changes.applyTo(current.data().kind(), Optional.of(current.data()), accountIds(connection, trust));
            List<String> fields = changed.fieldsChangedFrom(current.data());
            if (fields.isEmpty()) {
                return null;
            }
            requireUnique(connection, trust, changed, id);
            change.mark(connection, "update");
            if (!parties.updateParty(connection, id, current.version(), changed)) {
                throw new IllegalStateException("party " + id + " changed while locked");
            }
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "party",
                            id,
                            "update",
                            Map.of("version", current.version() + 1, "changed", fields)));
            return null;
        });
        return database.withConnection(connection ->
                details(connection, parties.findParty(connection, id).orElseThrow()));
    }

    private PartyDetails details(Connection connection, Party party) {
        return details(
                connection,
                party,
                TrustRepository.findTrustById(connection, party.trustId()).orElseThrow());
    }

    private PartyDetails details(Connection connection, Party party, Trust trust) {
        PartyData data = party.data();
        return new PartyDetails(
                party.id(),
                trust.code(),
                data.kind(),
                PartyFields.of(data, party.account()),
                party.version(),
                party.updatedAt(),
                data.kind().isPerson() ? Optional.empty() : Optional.of(parties.listMembers(connection, party.id())),
                parties.listGroups(connection, party.id()),
                parties.listMemberships(connection, party.id()));
    }

    /** 409 when another party of the trust has the same CURP or the same account, naming it. */
    private void requireUnique(Connection connection, Trust trust, PartyData data, long exceptId) {
        if (data.curp().isPresent()) {
            Optional<Long> other = parties.findPartyIdByCurp(
                    connection, trust.id(), data.curp().get(), exceptId);
            if (other.isPresent()) {
                throw new Problem(
                        PartyProblem.DUPLICATE_CURP,
                        "Party " + other.get() + " of trust " + trust.code() + " already has this CURP; a person is"
                                + " registered once per trust. Update party " + other.get() + " instead.",
                        Map.of("field", "curp", "party", other.get()));
            }
        }
        if (data.userId().isPresent()) {
            Optional<Long> other = parties.findPartyIdByUser(
                    connection, trust.id(), data.userId().get(), exceptId);
            if (other.isPresent()) {
                throw new Problem(
                        PartyProblem.ACCOUNT_LINKED,
                        "This account is already linked to party " + other.get() + " of trust " + trust.code()
                                + "; an account is one person.",
                        Map.of("field", "account", "party", other.get()));
            }
        }
    }

    /** Finds the id of an active account holding a role in the trust, to link to a person. */
    private static Function<String, Long> accountIds(Connection connection, Trust trust) {
        return username -> {
            User user = AccountRepository.findUser(connection, username)
                    .filter(found -> !found.disabled())
                    .orElseThrow(
                            () -> Problem.invalidField("account", "There is no active account '" + username + "'."));
            if (!AccountRepository.listRoles(connection, user.id()).containsKey(trust.id())) {
                throw Problem.invalidField(
                        "account",
                        "Account '" + username + "' holds no role in trust " + trust.code()
                                + "; give it one (e.g. lessee) before linking it to a person.");
            }
            return user.id();
        };
    }
}
