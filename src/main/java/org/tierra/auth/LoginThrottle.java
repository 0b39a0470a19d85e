package org.tierra.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: at most {@code perAccount} failed sign-ins per username and
 * {@code perAddress} per client address within a sliding {@code window}. Usernames that do not exist
 * are counted like real ones, so the throttle reveals nothing about who has an account.
 *
 * <p>Kept in memory: counters reset when Tierra restarts, and each instance of a scaled-out
 * deployment counts on its own. Thread-safe.
 */
public final class LoginThrottle {

    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int perAccount, int perAddress, Duration window, Clock clock) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Five failures per account and twenty per address in fifteen minutes. */
    public static LoginThrottle standard() {
        return new LoginThrottle(5, 20, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        return longest(wait(accountKey(username), perAccount, now), wait(addressKey(address), perAddress, now));
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED_KEYS) {
            sweep(now); // a flood of made-up usernames must not grow memory without bound
        }
        for (String key : new String[] {accountKey(username), addressKey(address)}) {
            failures.compute(key, (ignored, times) -> {
                Deque<Instant> kept = times == null ? new ArrayDeque<>() : times;
                synchronized (kept) {
                    prune(kept, now);
                    kept.addLast(now);
                }
                return kept;
            });
        }
    }

    private static final int MAX_TRACKED_KEYS = 100_000;

    private void sweep(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                prune(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    /** A successful sign-in clears the account's failures (not the address's). */
    public void recordSuccess(String username) {
        failures.remove(accountKey(username));
    }

    private Optional<Duration> wait(String key, int allowed, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < allowed) {
                return Optional.empty();
            }
            // Wait until the oldest failure that still counts leaves the window.
            Instant freed = times.stream()
                    .skip(times.size() - allowed)
                    .findFirst()
                    .orElseThrow()
                    .plus(window);
            return Optional.of(Duration.between(now, freed));
        }
    }

    /** Drops failures older than the window; the caller holds the deque's lock. */
    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.removeFirst();
        }
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().compareTo(b.get()) >= 0 ? a.get() : b.get());
    }

    private static String accountKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
