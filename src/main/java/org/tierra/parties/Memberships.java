package org.tierra.parties;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.trusts.Trust;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who belongs to a household or group, and a party's standing in its trust, over time. Admin and staff
 * of the trust write (as {@link PartyAccess#requireWriter} says). Periods are whole days: {@code from} is
 * the first, {@code to} and {@code on} the last day included. Periods never overlap (checked here for a
 * 409 that names the other period, and by the database's exclusion constraints against races); nothing
 * is deleted, a period is ended. Each write is audited as its {@link Change}, with ids, roles and dates only.
 */
public final class Memberships {

    private static final String EXCLUSION_VIOLATION = "23P01";

    private final Database database;
    private final AuditLog audit;
    private final PartyRepository parties;

    public Memberships(Database database, AuditLog audit, JsonMapper json) {
        this.database = database;
        this.audit = audit;
        this.parties = new PartyRepository(json);
    }

    /**
     * A member's period in a group.
     *
     * @param to the last day included; empty while open-ended
     */
    public record GroupPeriod(
            long id, long group, long member, GroupRole role, LocalDate from, Optional<LocalDate> to) {}

    /**
     * A party's period of standing in its trust.
     *
     * @param to the last day included; empty while open-ended
     */
    public record MembershipPeriod(
            long id,
            long party,
            MembershipRole role,
            Optional<SeatClass> seatClass,
            LocalDate from,
            Optional<LocalDate> to) {}

    /**
     * Adds {@code member} to group {@code groupId}, from its day on.
     *
     * @throws Problem 409 ({@code not-a-group}) when the group is a person, ({@code membership-cycle}) when
     *     the member contains the group, ({@code member-overlap}) when the member already is one on or after
     *     that day; 422 for a member of another trust or that the group cannot have
     */
    public GroupPeriod addMember(Principal caller, long groupId, NewMember member, Change change) {
        return database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, caller, groupId);
            PartyKind groupKind = parties.findPartyForUpdate(connection, groupId)
                    .orElseThrow()
                    .data()
                    .kind();
            if (groupKind.isPerson()) {
                throw new Problem(
                        PartyProblem.NOT_A_GROUP,
                        "Party " + groupId + " is a person; members belong to a household, cooperative or"
                                + " organization.",
                        Map.of("party", groupId));
            }
            long memberId = member.member();
            if (memberId == groupId) {
                throw Problem.invalidField("member", "A group cannot be its own member.");
            }
            PartyKind memberKind = parties.findParty(connection, memberId)
                    .filter(found -> found.trustId() == trust.id())
                    .orElseThrow(() -> Problem.invalidField(
                            "member", "Trust " + trust.code() + " has no party with id " + memberId + "."))
                    .data()
                    .kind();
            if (!groupKind.admits(memberKind)) {
                throw Problem.invalidField(
                        "member",
                        "A household's members are persons; party " + memberId + " is a " + memberKind.databaseCode()
                                + ".");
            }
            if (!memberKind.isPerson() && parties.contains(connection, memberId, groupId)) {
                throw new Problem(
                        PartyProblem.MEMBERSHIP_CYCLE,
                        "Party " + groupId + " is itself among the members of " + memberId
                                + "; a group cannot contain itself.",
                        Map.of("party", groupId, "member", memberId));
            }
            if (parties.findOverlappingMember(connection, groupId, memberId, member.from())
                    .isPresent()) {
                throw memberOverlap(groupId, memberId);
            }
            long created = excluding(
                    () -> parties.createMember(connection, trust.id(), groupId, member),
                    () -> memberOverlap(groupId, memberId));
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "party",
                            groupId,
                            "add-member",
                            Map.of(
                                    "member",
                                    memberId,
                                    "role",
                                    member.role().databaseCode(),
                                    "from",
                                    member.from().toString(),
                                    "period",
                                    created)));
            return new GroupPeriod(created, groupId, memberId, member.role(), member.from(), Optional.empty());
        });
    }

    /**
     * Ends the member's open-ended period in the group on {@code on}, the last day included.
     *
     * @throws Problem 409 ({@code not-a-current-member}) when there is no open-ended period; 422 when
     *     {@code on} is before the period began
     */
    public GroupPeriod endMember(Principal caller, long groupId, long memberId, LocalDate on, Change change) {
        return database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, caller, groupId);
            parties.lockParty(connection, groupId);
            GroupPeriod open = parties.findOpenMember(connection, groupId, memberId)
                    .orElseThrow(() -> new Problem(
                            PartyProblem.NOT_A_CURRENT_MEMBER,
                            "Party " + memberId + " has no open-ended membership in group " + groupId + " to end.",
                            Map.of("party", groupId, "member", memberId)));
            requireNotBefore(on, open.from());
            parties.endMember(connection, open.id(), on);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "party",
                            groupId,
                            "end-member",
                            Map.of("member", memberId, "on", on.toString(), "period", open.id())));
            return new GroupPeriod(open.id(), groupId, memberId, open.role(), open.from(), Optional.of(on));
        });
    }

    /**
     * Records {@code membership} of party {@code partyId}.
     *
     * @throws Problem 422 for a role the trust's kind does not have, or that only a person holds; 409
     *     ({@code membership-overlap}) when the party holds the role during part of the period
     */
    public MembershipPeriod addMembership(Principal caller, long partyId, NewMembership membership, Change change) {
        return database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, caller, partyId);
            PartyKind kind = parties.findPartyForUpdate(connection, partyId)
                    .orElseThrow()
                    .data()
                    .kind();
            MembershipRole role = membership.role();
            if (!role.existsIn(trust.kind())) {
                throw Problem.invalidField(
                        "role",
                        "Trust " + trust.code() + " is a " + trust.kind().databaseCode() + ", which has no "
                                + role.databaseCode()
                                + "s: agrarian roles belong to ejidos and comunidades agrarias, lessees and board"
                                + " seats to land trusts.");
            }
            if (role.personOnly() && !kind.isPerson()) {
                throw Problem.invalidField(
                        "role",
                        "Only a person can be " + role.databaseCode() + "; party " + partyId + " is a "
                                + kind.databaseCode() + ".");
            }
            Optional<Long> overlapping = parties.findOverlappingMembership(connection, partyId, membership);
            if (overlapping.isPresent()) {
                throw membershipOverlap(partyId, role, overlapping);
            }
            long created = excluding(
                    () -> parties.createMembership(connection, trust.id(), partyId, membership),
                    () -> membershipOverlap(partyId, role, Optional.empty()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("membership", created);
            details.put("role", role.databaseCode());
            details.put("from", membership.from().toString());
            membership.seatClass().ifPresent(seat -> details.put("seatClass", seat.databaseCode()));
            membership.to().ifPresent(last -> details.put("to", last.toString()));
            audit.record(connection, change, AuditEvent.of(trust.id(), "party", partyId, "add-membership", details));
            return new MembershipPeriod(
                    created, partyId, role, membership.seatClass(), membership.from(), membership.to());
        });
    }

    /**
     * Ends membership {@code membershipId} of the party on {@code on}, the last day included.
     *
     * @throws Problem 404 when the party has no such membership; 409 ({@code membership-ended}) when it
     *     already ends; 422 when {@code on} is before it began
     */
    public MembershipPeriod endMembership(
            Principal caller, long partyId, long membershipId, LocalDate on, Change change) {
        return database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, caller, partyId);
            parties.lockParty(connection, partyId);
            MembershipPeriod membership = parties.findMembershipForUpdate(connection, membershipId, partyId)
                    .orElseThrow(() ->
                            Problem.notFound("Party " + partyId + " has no membership with id " + membershipId + "."));
            if (membership.to().isPresent()) {
                throw new Problem(
                        PartyProblem.MEMBERSHIP_ENDED,
                        "Membership " + membershipId + " already ends on "
                                + membership.to().get() + "; record a new membership rather than rewrite this one.",
                        Map.of("membership", membershipId));
            }
            requireNotBefore(on, membership.from());
            parties.endMembership(connection, membershipId, on);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "party",
                            partyId,
                            "end-membership",
                            Map.of(
                                    "membership",
                                    membershipId,
                                    "role",
                                    membership.role().databaseCode(),
                                    "on",
                                    on.toString())));
            return new MembershipPeriod(
                    membershipId,
                    partyId,
                    membership.role(),
                    membership.seatClass(),
                    membership.from(),
                    Optional.of(on));
        });
    }

    /**
     * Runs an insert guarded by an exclusion constraint: a concurrent writer that slipped past the check
     * before it gets the same 409 as one the check caught, never a 500.
     */
    private static long excluding(Supplier<Long> insert, Supplier<Problem> conflict) {
        try {
            return insert.get();
        } catch (DatabaseException e) {
            if (e.sqlState().filter(EXCLUSION_VIOLATION::equals).isPresent()) {
                throw conflict.get();
            }
            throw e;
        }
    }

    private static Problem memberOverlap(long groupId, long memberId) {
        return new Problem(
                PartyProblem.MEMBER_OVERLAP,
                "Party " + memberId + " is already a member of group " + groupId + " on or after that date; end"
                        + " that membership first.",
                Map.of("party", groupId, "member", memberId));
    }

    private static Problem membershipOverlap(long partyId, MembershipRole role, Optional<Long> other) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("party", partyId);
        fields.put("role", role.databaseCode());
        other.ifPresent(id -> fields.put("membership", id));
        return new Problem(
                PartyProblem.MEMBERSHIP_OVERLAP,
                "Party " + partyId + " is already " + role.databaseCode() + " during part of that period"
                        + other.map(id -> " (membership " + id + ")").orElse("")
                        + "; end or shorten that membership first.",
                fields);
    }

    private static void requireNotBefore(LocalDate on, LocalDate from) {
        if (on.isBefore(from)) {
            throw Problem.invalidField(
                    "on", "'on' is the last day of the period, which began on " + from + "; it cannot be earlier.");
        }
    }
}
