package org.tierra.parties;

import java.util.Optional;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;

/** Reads the bodies that add a group member or a trust membership, strictly: every problem a 422 naming the field. */
final class MembershipInput {

    static final Set<String> MEMBER_FIELDS = Set.of("member", "role", "from", "reason");
    static final Set<String> MEMBERSHIP_FIELDS = Set.of("role", "seatClass", "from", "to", "reason");

    private MembershipInput() {}

    static NewMember readMember(JsonBody body) {
        long member = body.optionalNode("member")
                .filter(node -> node.canConvertToExactIntegral() && node.asLong() > 0)
                .map(node -> node.asLong())
                .orElseThrow(() -> Problem.invalidField("member", "'member' is the id of a party, e.g. 42."));
        GroupRole role = body.optionalText("role").map(GroupRole::fromField).orElse(GroupRole.MEMBER);
        return new NewMember(member, role, body.requiredDate("from"));
    }

    static NewMembership readMembership(JsonBody body) {
        MembershipRole role = MembershipRole.fromField(body.requiredText("role"));
        Optional<String> seatClass = body.optionalText("seatClass");
        NewMembership.requireSeatClassFits(role, seatClass.isPresent());
        return new NewMembership(
                role, seatClass.map(SeatClass::fromField), body.requiredDate("from"), body.optionalDate("to"));
    }
}
