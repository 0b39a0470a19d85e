package org.tierra.parties;

import java.time.LocalDate;

/**
 * A party joining a household or group, from a day on, open-ended.
 *
 * @param member the joining party's id
 * @param from the first day of membership
 */
public record NewMember(long member, GroupRole role, LocalDate from) {}
