package org.tierra.testing;

import java.util.EnumMap;
import java.util.Map;
import org.tierra.TierraApp;

/**
 * A running Tierra for one test class (see {@link TierraTest}): its database, an anonymous HTTP
 * client, and one signed-in session per demo account, made on first use and reused.
 */
public final class Tierra implements AutoCloseable {

    /** The demo accounts, each with its role in trust {@code ftc-jacarandas}. */
    public enum DemoUser {
        ADMIN("demo-admin"),
        BOARD("demo-board"),
        STAFF("demo-staff"),
        LESSEE("demo-farmer"),
        RESEARCHER("demo-researcher");

        public final String username;

        DemoUser(String username) {
            this.username = username;
        }
    }

    private final TestDatabase database;
    private final TierraApp app;
    private final TestHttp http;
    private final Map<DemoUser, TestHttp.Session> sessions = new EnumMap<>(DemoUser.class);

    Tierra(TestDatabase database, TierraApp app) {
        this.database = database;
        this.app = app;
        this.http = new TestHttp(app.port());
    }

    public TestDatabase database() {
        return database;
    }

    public TierraApp app() {
        return app;
    }

    /** A client without credentials. */
    public TestHttp http() {
        return http;
    }

    /** A session of {@code user}, signed in once for the class. */
    public synchronized TestHttp.Session as(DemoUser user) {
        return sessions.computeIfAbsent(user, key -> http.signIn(key.username, TestDatabase.DEMO_PASSWORD));
    }

    @Override
    public void close() {
        app.close();
    }
}
