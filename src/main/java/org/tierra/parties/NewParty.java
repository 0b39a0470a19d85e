package org.tierra.parties;

/**
 * A party as a client asks to create it.
 *
 * @param trust the code of the trust it belongs to
 */
public record NewParty(String trust, PartyKind kind, PartyChanges fields) {}
