package org.tierra.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (session ids, CSRF and API tokens) and the SHA-256 under which they are stored. */
public final class Secrets {

    private static final SecureRandom random = new SecureRandom();

    private Secrets() {}

    /** 256 random bits as URL-safe text, with an optional readable prefix such as {@code tierra_}. */
    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The CSRF token of a session: derived from the session id, so it needs no storage, and cannot be
     * computed by anyone who does not hold the session cookie.
     */
    public static String csrfTokenFor(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("tierra-csrf:" + sessionId));
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Compares in time independent of where the inputs differ. */
    public static boolean sameHash(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
