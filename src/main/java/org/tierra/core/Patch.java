package org.tierra.core;

import java.util.Optional;
import java.util.function.Function;

/**
 * One member of a partial update (a PATCH body): left {@linkplain #absent() as it is}, {@linkplain
 * #clear() cleared} (sent as {@code null}), or {@linkplain #set(Object) set} to a value. Replaces
 * {@code Optional<Optional<T>>}, whose two empties were easy to mix up.
 */
public sealed interface Patch<T> {

    /** The member was not sent: keep the current value. */
    record Absent<T>() implements Patch<T> {}

    /** The member was sent as {@code null}: remove the current value. */
    record Clear<T>() implements Patch<T> {}

    /** The member was sent with a value. */
    record Set<T>(T value) implements Patch<T> {
        public Set {
            if (value == null) {
                throw new IllegalArgumentException("a value set by a patch is not null; use Patch.clear()");
            }
        }
    }

    static <T> Patch<T> absent() {
        return new Absent<>();
    }

    static <T> Patch<T> clear() {
        return new Clear<>();
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }

    /** Whether the member was sent at all (as a value or as {@code null}). */
    default boolean isSent() {
        return !(this instanceof Absent<T>);
    }

    /** The value after this patch is laid over {@code current}. */
    default Optional<T> applyTo(Optional<T> current) {
        if (this instanceof Set<T> set) {
            return Optional.of(set.value());
        }
        return this instanceof Clear<T> ? Optional.empty() : current;
    }

    /** The same patch with its value converted; absent and clear stay what they are. */
    default <R> Patch<R> map(Function<? super T, ? extends R> conversion) {
        if (this instanceof Set<T> set) {
            return Patch.set(conversion.apply(set.value()));
        }
        return this instanceof Clear<T> ? Patch.clear() : Patch.absent();
    }
}
