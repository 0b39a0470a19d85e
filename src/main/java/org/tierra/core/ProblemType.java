package org.tierra.core;

/**
 * A kind of refusal a client can switch on: its HTTP status, its stable code (rendered as
 * {@code urn:tierra:problem:<code>}) and a short title. Each feature lists its own in an enum beside its
 * code ({@code LeaseProblem}, {@code ParcelProblem}, ...); the ones several features share are in
 * {@link CommonProblem}. A code keeps its title everywhere it is used.
 */
public interface ProblemType {

    /** The HTTP status the refusal is answered with (4xx, or 5xx for the server's own failures). */
    int status();

    /** The stable, kebab-case code, e.g. {@code lease-status}. */
    String code();

    /** A short, fixed English title, e.g. {@code Wrong lease status}. */
    String title();
}
