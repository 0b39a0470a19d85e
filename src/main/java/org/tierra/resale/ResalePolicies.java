package org.tierra.resale;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;

/**
 * The resale policies of a trust: any role in the trust reads them (they are rules, not personal data: a
 * lessee reads the rules of their lease); its admin and staff create them and append versions, never change
 * a version. Every write is audited in its transaction.
 */
public final class ResalePolicies {

    private final Database database;
    private final AuditLog audit;

    public ResalePolicies(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** A policy and the code of its trust, as the API shows it. */
    public record TrustPolicy(ResalePolicy policy, String trust) {}

    /** The policies of one trust, by code. */
    public record TrustPolicies(String trust, List<ResalePolicy> policies) {}

    /**
     * Creates policy {@code code} of trust {@code trustCode} with version 1 of {@code family} and {@code terms}.
     *
     * @throws Problem 422 naming {@code trust}, {@code family} or the term to fix; 403 unless the caller
     *     writes the trust's leases; 409 ({@code conflict}, field {@code code}) when the trust has a policy
     *     with this code
     */
    public TrustPolicy createPolicy(
            Principal principal,
            String trustCode,
            String code,
            String name,
            String family,
            JsonNode terms,
            Change change) {
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, trustCode))
                .orElseThrow(() -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
        LeaseAccess.requireWriter(principal, trust);
        ResaleTerms parsed = ResaleTerms.parse(family, terms);
        return database.inTransaction(connection -> {
            TrustRepository.lockTrust(connection, trust.id());
            if (ResalePolicyRepository.isCodeTaken(connection, trust.id(), code)) {
                throw new Problem(
                        CommonProblem.CONFLICT,
                        "Trust " + trust.code() + " already has a resale policy '" + code
                                + "'; add a version to it instead.",
                        Map.of("field", "code"));
            }
            long id = ResalePolicyRepository.createPolicy(connection, trust.id(), code, name);
            int version = ResalePolicyRepository.createVersion(connection, id, parsed, terms, change);
            return audited(
                    connection,
                    change,
                    trust,
                    id,
                    "create",
                    Map.of("code", code, "version", version, "family", family));
        });
    }

    /**
     * Appends a version to policy {@code id}, of {@code family} (by default the latest version's).
     *
     * @throws Problem 404 when there is no such policy; 403 unless the caller writes the trust's leases; 422
     *     naming {@code family} or the term to fix
     */
    public TrustPolicy createVersion(
            Principal principal, long id, Optional<String> family, JsonNode terms, Change change) {
        return database.inTransaction(connection -> {
            ResalePolicy policy = getPolicy(connection, id);
            Trust trust =
                    TrustRepository.findTrustById(connection, policy.trustId()).orElseThrow();
            LeaseAccess.requireWriter(principal, trust);
            String versionFamily = family.orElse(policy.latestVersion().family());
            ResaleTerms parsed = ResaleTerms.parse(versionFamily, terms);
            int version = ResalePolicyRepository.createVersion(connection, id, parsed, terms, change);
            return audited(
                    connection,
                    change,
                    trust,
                    id,
                    "create_version",
                    Map.of("version", version, "family", versionFamily));
        });
    }

    /** Audits {@code action} on policy {@code id} and returns the policy as it now is. */
    private TrustPolicy audited(
            Connection connection, Change change, Trust trust, long id, String action, Map<String, Object> details) {
        audit.record(connection, change, AuditEvent.of(trust.id(), "resale_policy", id, action, details));
        return new TrustPolicy(ResalePolicyRepository.findPolicy(connection, id).orElseThrow(), trust.code());
    }

    /**
     * The policies of trust {@code trustCode}.
     *
     * @throws Problem 404 when there is no such trust; 403 when the caller holds no role in it
     */
    public TrustPolicies listPolicies(Principal principal, String trustCode) {
        return database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() -> Problem.notFound("There is no trust with code '" + trustCode + "'."));
            requireMember(principal, trust);
            return new TrustPolicies(trustCode, ResalePolicyRepository.listPolicies(connection, trust.id()));
        });
    }

    /**
     * Policy {@code id}.
     *
     * @throws Problem 404 when there is none; 403 when the caller holds no role in its trust
     */
    public TrustPolicy getPolicy(Principal principal, long id) {
        return database.withConnection(connection -> {
            ResalePolicy policy = getPolicy(connection, id);
            Trust trust =
                    TrustRepository.findTrustById(connection, policy.trustId()).orElseThrow();
            requireMember(principal, trust);
            return new TrustPolicy(policy, trust.code());
        });
    }

    /** @throws Problem 404 when there is no policy {@code id} */
    static ResalePolicy getPolicy(Connection connection, long id) {
        return ResalePolicyRepository.findPolicy(connection, id)
                .orElseThrow(() -> Problem.notFound("There is no resale policy with id " + id + "."));
    }

    /** Any role in the trust: a policy is a rule of the trust, not personal data. */
    private static void requireMember(Principal principal, Trust trust) {
        if (principal.roleIn(trust.id()).isEmpty()) {
            throw Problem.forbidden("The resale policies of trust " + trust.code()
                    + " are read by its members; you hold no role there.");
        }
    }
}
