package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.tierra.core.VersionTag;

/**
 * A party as its readers get it: its current version, its members (a group's, past and present), the
 * groups it is in, and its memberships of the trust. Periods are whole days, {@code to} the last one
 * included and empty while open-ended; {@code current} is whether the period holds today.
 *
 * @param trust the trust's code
 * @param members left out for a person, who has none
 */
public record PartyDetails(
        long id,
        String trust,
        PartyKind kind,
        @JsonUnwrapped PartyFields fields,
        int version,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<List<Member>> members,
        List<Group> groups,
        List<Membership> memberships) {

    public PartyDetails {
        members = members.map(List::copyOf);
        groups = List.copyOf(groups);
        memberships = List.copyOf(memberships);
    }

    /** The version read, as its ETag names it. */
    public VersionTag tag() {
        return new VersionTag(id, version);
    }

    /** A member of this group, and when. */
    public record Member(
            long party,
            PartyKind kind,
            String name,
            GroupRole role,
            LocalDate from,
            Optional<LocalDate> to,
            boolean current) {}

    /** A group this party is or was a member of, and when. */
    public record Group(
            long group,
            PartyKind kind,
            String name,
            GroupRole role,
            LocalDate from,
            Optional<LocalDate> to,
            boolean current) {}

    /** A period of standing in the trust. */
    public record Membership(
            long id,
            MembershipRole role,
            Optional<SeatClass> seatClass,
            LocalDate from,
            Optional<LocalDate> to,
            boolean current) {}
}
