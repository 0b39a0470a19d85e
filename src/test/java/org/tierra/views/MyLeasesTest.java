package org.tierra.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.auth.Passwords;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/me/leases}: a lessee sees the leases they hold in person or through their
 * household — with land, fee balance and obligations, in their language — and nothing of anyone else.
 */
class MyLeasesTest {

    private static final String PASSWORD = "una frase de acceso para la prueba";
    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session farmer;

    @BeforeAll
    static void aFarmerWhoseHouseholdHoldsALease() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        database.execute("""
                INSERT INTO app_user (username, display_name, password_hash) VALUES ('campesina', 'Campesina', '%1$s'),
                                                                                    ('vecino', 'Vecino', '%1$s');
                INSERT INTO membership (user_id, trust_id, role)
                SELECT u.id, t.id, 'lessee' FROM app_user u, trust t
                WHERE u.username IN ('campesina', 'vecino') AND t.code = 'ftc-jacarandas';
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Inés Campos', 'Inés', 'Campos', u.id FROM trust t, app_user u
                WHERE t.code = 'ftc-jacarandas' AND u.username = 'campesina';
                INSERT INTO party (trust_id, kind, name) SELECT id, 'household', 'Familia Campos' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO party (trust_id, kind, name) SELECT id, 'household', 'Familia de antes' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Vecino Ruiz', 'Vecino', 'Ruiz', u.id FROM trust t, app_user u
                WHERE t.code = 'ftc-jacarandas' AND u.username = 'vecino';
                INSERT INTO party_group_member (trust_id, group_id, member_id, role, valid_during)
                SELECT g.trust_id, g.id, m.id, 'head', daterange('2020-01-01', NULL) FROM party g, party m
                WHERE g.name = 'Familia Campos' AND m.name = 'Inés Campos';
                -- She left the household she used to belong to: its lease is no longer hers.
                INSERT INTO party_group_member (trust_id, group_id, member_id, role, valid_during)
                SELECT g.trust_id, g.id, m.id, 'member', daterange('2010-01-01', '2019-12-31') FROM party g, party m
                WHERE g.name = 'Familia de antes' AND m.name = 'Inés Campos';
                """.formatted(Passwords.hash(PASSWORD)));
        createLease("ME-HOUSEHOLD", "ME-1", "Familia Campos", "2024-01-01", true);
        createLease("ME-BEFORE", "ME-2", "Familia de antes", "2024-01-01", true);
        createLease("ME-NEIGHBOUR", "ME-3", "Vecino Ruiz", "2024-01-01", true);
        createLease("ME-DRAFT", "ME-4", "Inés Campos", "2030-01-01", false);
        createLease("ME-CANCELLED", "ME-5", "Inés Campos", "2024-01-01", false);
        database.execute("UPDATE ground_lease SET status = 'cancelled', closed_on = '2024-02-01',"
                + " close_reason = 'never signed', version = version + 1 WHERE code = 'ME-CANCELLED'");
        database.execute("""
                INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, period_end, due_on, created_by_name)
                SELECT trust_id, id, 'charge', 450.00, 'MXN', d, d + interval '1 month', d, 'test'
                FROM ground_lease, (VALUES (DATE '2024-01-01'), (DATE '2024-02-01'), (DATE '2024-03-01')) AS months(d)
                WHERE code = 'ME-HOUSEHOLD';
                INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, reference, created_by_name)
                SELECT trust_id, id, 'payment', -450.00, 'MXN', '2024-01-03', 'R-1', 'test' FROM ground_lease WHERE code = 'ME-HOUSEHOLD';
                INSERT INTO obligation (trust_id, lease_id, kind, first_due_on, every_months)
                SELECT trust_id, id, 'occupancy_certificate', '2024-02-29', 12 FROM ground_lease WHERE code = 'ME-HOUSEHOLD';
                """);
        http = new TestHttp(app.port());
        farmer = http.signIn("campesina", PASSWORD);
    }

    private static void createLease(String code, String parcel, String holder, String startsOn, boolean active) {
        database.execute("""
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT id, '%2$s', 'clt_leasehold', 'residential',
                       ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(-96.9 + substr('%2$s', 4)::int * 0.001, 16.7), 4326), 0.0002))
                FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount)
                SELECT id, '%1$s', '%4$s', DATE '%4$s' + interval '99 years', 'residential', 450 FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT l.id, p.id, l.trust_id FROM ground_lease l JOIN parcel p ON p.trust_id = l.trust_id AND p.code = '%2$s'
                WHERE l.code = '%1$s';
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                SELECT l.id, p.id, l.trust_id, 1, 1 FROM ground_lease l, party p WHERE l.code = '%1$s' AND p.name = '%3$s';
                %5$s
                """.formatted(
                        code,
                        parcel,
                        holder,
                        startsOn,
                        active
                                ? "UPDATE ground_lease SET status = 'active', version = version + 1 WHERE code = '"
                                        + code + "';"
                                : ""));
    }

    @Test
    void showsTheLeasesOfHerHouseholdOnly() {
        JsonNode answer = TestHttp.json(farmer.get("/api/v1/me/leases?asOf=2025-03-10"));

        assertThat(answer.get("leases").valueStream().map(lease -> lease.get("code")
                        .asString()))
                .containsExactly("ME-HOUSEHOLD");
        JsonNode lease = answer.get("leases").get(0);
        assertThat(lease.get("parcels").get(0).get("code").asString()).isEqualTo("ME-1");
        assertThat(lease.get("parcels").get(0).get("areaSquareMetres").asDouble())
                .isPositive();
        assertThat(lease.get("lessees").get(0).get("name").asString()).isEqualTo("Familia Campos");
        assertThat(lease.get("fee").get("amount").asString()).isEqualTo("450.00");
    }

    @Test
    void giveHerBalanceAndTheObligationsShesMissed() {
        JsonNode lease = TestHttp.json(farmer.get("/api/v1/me/leases?asOf=2025-03-10"))
                .get("leases")
                .get(0);

        // Three charges of 450.00, one paid: 900.00 owed since 1 February 2024.
        assertThat(lease.get("balance").get("amount").asString()).isEqualTo("900.00");
        assertThat(lease.get("balance").get("oldestUnpaidDueOn").asString()).isEqualTo("2024-02-01");
        // Yearly from 29 February 2024: 28 February in 2025 (a common year), missed.
        JsonNode obligation = lease.get("obligations").get(0);
        assertThat(obligation.get("missed").valueStream().map(JsonNode::asString))
                .containsExactly("2024-02-29", "2025-02-28");
        assertThat(obligation.get("nextDueOn").asString()).isEqualTo("2026-02-28");
    }

    @Test
    void speaksSpanishToASpanishBrowser() {
        HttpResponse<String> spanish = http.get(
                "/api/v1/me/leases?asOf=2025-03-10", "Cookie", farmer.cookie(), "Accept-Language", "es-MX,es;q=0.9");
        JsonNode lease = TestHttp.json(spanish).get("leases").get(0);

        assertThat(spanish.headers().firstValue("Content-Language")).hasValue("es");
        assertThat(lease.get("statusLabel").asString()).isEqualTo("Vigente");
        assertThat(lease.get("permittedUseLabel").asString()).isEqualTo("Habitacional");
        assertThat(lease.get("fee").get("periodLabel").asString()).isEqualTo("Mensual");
        assertThat(lease.get("obligations").get(0).get("kindLabel").asString()).isNotEqualTo("occupancy_certificate");

        JsonNode english = TestHttp.json(http.get(
                        "/api/v1/me/leases?asOf=2025-03-10", "Cookie", farmer.cookie(), "Accept-Language", "en"))
                .get("leases")
                .get(0);
        assertThat(english.get("statusLabel").asString()).isEqualTo("Active");
    }

    @Test
    void aNeighbourAndAResearcherSeeNoneOfIt() {
        JsonNode neighbour = TestHttp.json(http.signIn("vecino", PASSWORD).get("/api/v1/me/leases"));
        assertThat(neighbour.get("leases").valueStream().map(lease -> lease.get("code")
                        .asString()))
                .containsExactly("ME-NEIGHBOUR");
        JsonNode researcher = TestHttp.json(
                http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD).get("/api/v1/me/leases"));
        assertThat(researcher.get("leases")).isEmpty();
        assertThat(http.get("/api/v1/me/leases").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesParametersItDoesNotKnow() {
        assertThat(farmer.get("/api/v1/me/leases?asOf=mañana").statusCode()).isEqualTo(400);
        assertThat(farmer.get("/api/v1/me/leases?trust=ftc-jacarandas").statusCode())
                .isEqualTo(400);
    }
}
