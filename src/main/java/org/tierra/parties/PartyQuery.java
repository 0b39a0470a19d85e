package org.tierra.parties;

import java.util.Optional;

/**
 * Which of a trust's parties to list, by name.
 *
 * @param trust the trust's code
 * @param text found anywhere in the name, ignoring case and accents
 */
public record PartyQuery(String trust, Optional<PartyKind> kind, Optional<String> text, int limit, int offset) {}
