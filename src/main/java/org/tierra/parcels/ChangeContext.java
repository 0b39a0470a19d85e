package org.tierra.parcels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.db.DatabaseException;

/**
 * Who changes the registry, why, under which request, and as what operation. Applied to a transaction
 * before it writes parcels: the database's versioning trigger records it in every version, and refuses
 * a parcel change that carries no actor or reason.
 */
public record ChangeContext(
        Optional<Long> actorId, String actor, String reason, Optional<String> requestId, String operation) {

    public ChangeContext {
        if (actor.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("a change names who made it and why");
        }
    }

    public static ChangeContext by(Principal principal, String reason, String requestId, String operation) {
        return new ChangeContext(
                Optional.of(principal.userId()),
                principal.username(),
                reason,
                Optional.of(requestId).filter(id -> !id.isEmpty()),
                operation);
    }

    public static ChangeContext bySystem(String reason, String operation) {
        return new ChangeContext(Optional.empty(), "system", reason, Optional.empty(), operation);
    }

    /** The same who and why, for another operation in the same transaction (a split's children, say). */
    public ChangeContext withOperation(String otherOperation) {
        return new ChangeContext(actorId, actor, reason, requestId, otherOperation);
    }

    private static final String APPLY = """
            SELECT set_config('tierra.actor_id', ?, true),
                   set_config('tierra.actor', ?, true),
                   set_config('tierra.reason', ?, true),
                   set_config('tierra.request_id', ?, true),
                   set_config('tierra.operation', ?, true)
            """;

    /** Sets this context for the rest of the caller's transaction. */
    public void apply(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
            statement.setString(1, actorId.map(String::valueOf).orElse(""));
            statement.setString(2, actor);
            statement.setString(3, reason);
            statement.setString(4, requestId.orElse(""));
            statement.setString(5, operation);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(APPLY, e);
        }
    }
}
