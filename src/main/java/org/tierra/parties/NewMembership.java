package org.tierra.parties;

import java.time.LocalDate;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * A period of standing in a trust, as a client asks to record it.
 *
 * @param seatClass a board member's seat, and only theirs
 * @param from the first day
 * @param to the last day included; empty for open-ended
 */
public record NewMembership(
        MembershipRole role, Optional<SeatClass> seatClass, LocalDate from, Optional<LocalDate> to) {

    public NewMembership {
        requireSeatClassFits(role, seatClass.isPresent());
        if (to.filter(last -> last.isBefore(from)).isPresent()) {
            throw Problem.invalidField("to", "'to' (the last day) cannot be before 'from' (" + from + ").");
        }
    }

    /**
     * Refuses a seat class given for a role that has none, or missing for a board member.
     *
     * @throws Problem 422 naming {@code seatClass}
     */
    public static void requireSeatClassFits(MembershipRole role, boolean seatClassGiven) {
        if (role.hasSeatClass() && !seatClassGiven) {
            throw Problem.invalidField(
                    "seatClass", "A board member holds a seat of class lessee, community or public: give 'seatClass'.");
        }
        if (!role.hasSeatClass() && seatClassGiven) {
            throw Problem.invalidField("seatClass", "Only a board member has a seat class; leave 'seatClass' out.");
        }
    }
}
