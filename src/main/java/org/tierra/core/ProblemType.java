package org.tierra.core;

import com.google.errorprone.annotations.Immutable;

/**
 * A kind of refusal a client can switch on: its HTTP status, its stable code (rendered as
 * {@code urn:tierra:problem:<code>}) and a short title. Each feature lists its own in an enum beside its
 * code ({@code LeaseProblem}, {@code ParcelProblem}, ...); the ones several features share are in
 * {@link CommonProblem}. A code keeps its title everywhere it is used.
 */
public interface ProblemType {

    /**
     * What defines a kind of refusal.
     *
     * @param status the HTTP status it is answered with (4xx, or 5xx for the server's own failures)
     * @param code the stable, kebab-case code, e.g. {@code lease-status}
     * @param title a short, fixed English title, e.g. {@code Wrong lease status}
     */
    @Immutable
    record Definition(int status, String code, String title) {
        public Definition {
            if (status < 400 || status > 599 || !code.matches("[a-z0-9]+(-[a-z0-9]+)*") || title.isBlank()) {
                throw new IllegalArgumentException(
                        "a problem type has a 4xx/5xx status, a kebab-case code and a title");
            }
        }
    }

    Definition definition();

    default int status() {
        return definition().status();
    }

    default String code() {
        return definition().code();
    }

    default String title() {
        return definition().title();
    }
}
