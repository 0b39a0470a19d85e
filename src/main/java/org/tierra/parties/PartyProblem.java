package org.tierra.parties;

import org.tierra.core.ProblemType;

/** The refusals of the parties feature. */
public enum PartyProblem implements ProblemType {
    ACCOUNT_LINKED(409, "account-linked", "Account already linked"),
    DUPLICATE_CURP(409, "duplicate-curp", "Duplicate CURP"),
    MEMBERSHIP_CYCLE(409, "membership-cycle", "Membership cycle"),
    MEMBERSHIP_ENDED(409, "membership-ended", "Membership already ends"),
    MEMBERSHIP_OVERLAP(409, "membership-overlap", "Overlapping membership"),
    MEMBER_OVERLAP(409, "member-overlap", "Overlapping membership"),
    NOT_A_CURRENT_MEMBER(409, "not-a-current-member", "Not a current member"),
    NOT_A_GROUP(409, "not-a-group", "Not a group");

    private final Definition definition;

    PartyProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
