package org.tierra.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Password hashing (Argon2id, OWASP's minimum parameters: 19 MiB, 2 iterations, 1 lane) and the
 * password policy: 12 to 256 characters, not a common password, not the username.
 *
 * <p>Thread-safe.
 */
public final class Passwords {

    public static final int MINIMUM_LENGTH = 12;
    public static final int MAXIMUM_LENGTH = 256;
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final Set<String> COMMON = readCommonPasswords();
    /** Verified against when the user does not exist, so that both cases take the same time. */
    private static final String DECOY_HASH = hash("decoy-password-that-is-never-anybodys");

    private Passwords() {}

    /** The PHC string ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) to store. */
    public static String hash(String password) {
        return ARGON2ID.hash(password).getResult();
    }

    /** Whether {@code password} matches {@code storedHash}; with no hash, spends the same time and fails. */
    public static boolean verify(String password, Optional<String> storedHash) {
        String hash = storedHash.orElse(DECOY_HASH);
        boolean matches = Argon2Function.getInstanceFromHash(hash).check(password, hash);
        return storedHash.isPresent() && matches;
    }

    /** Why {@code password} is not acceptable for {@code username}, or empty when it is. */
    public static Optional<String> weakness(String password, String username) {
        if (password.length() < MINIMUM_LENGTH) {
            return Optional.of(
                    "A password needs at least " + MINIMUM_LENGTH + " characters; a few words make a good one.");
        }
        if (password.length() > MAXIMUM_LENGTH) {
            return Optional.of("A password may have at most " + MAXIMUM_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || COMMON.contains(lower.replaceAll("[0-9!._-]+$", ""))) {
            return Optional.of("That password is among the most common ones; choose another.");
        }
        if (lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("A password must not contain the username.");
        }
        if (password.chars().distinct().count() < 4) {
            return Optional.of("A password needs more than a few different characters.");
        }
        return Optional.empty();
    }

    private static Set<String> readCommonPasswords() {
        Set<String> passwords = new HashSet<>();
        try (InputStream in = Passwords.class.getResourceAsStream("/auth/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("the common password list is missing from this build");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String password = line.strip();
                if (!password.isEmpty() && !password.startsWith("#")) {
                    passwords.add(password.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return passwords;
    }
}
