package org.tierra;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.apidocs.ApiDocumentRoutes;
import org.tierra.audit.AuditLog;
import org.tierra.audit.AuditRoutes;
import org.tierra.audit.AuditTrail;
import org.tierra.auth.AccessControl;
import org.tierra.auth.AuthRoutes;
import org.tierra.auth.LoginThrottle;
import org.tierra.auth.MemberRoutes;
import org.tierra.auth.Members;
import org.tierra.auth.Sessions;
import org.tierra.auth.TokenRoutes;
import org.tierra.auth.Tokens;
import org.tierra.config.TierraConfig;
import org.tierra.db.Database;
import org.tierra.db.EmbeddedPostgres;
import org.tierra.demo.DemoData;
import org.tierra.documents.DocumentRoutes;
import org.tierra.documents.Documents;
import org.tierra.exports.ExportRoutes;
import org.tierra.exports.GeoPackageFiles;
import org.tierra.health.HealthRoutes;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.leases.LeaseHandover;
import org.tierra.leases.LeaseLifecycle;
import org.tierra.leases.LeaseRoutes;
import org.tierra.leases.Leases;
import org.tierra.ledger.Ledger;
import org.tierra.ledger.LedgerRoutes;
import org.tierra.ogcapi.OgcRoutes;
import org.tierra.parcels.BoundaryReader;
import org.tierra.parcels.BoundaryRepairs;
import org.tierra.parcels.ParcelHistoryRoutes;
import org.tierra.parcels.ParcelReads;
import org.tierra.parcels.ParcelRoutes;
import org.tierra.parcels.ParcelWriteRoutes;
import org.tierra.parcels.ParcelWrites;
import org.tierra.parcels.RepairRoutes;
import org.tierra.parcels.SplitMergeRoutes;
import org.tierra.parcels.SplitsAndMerges;
import org.tierra.parties.Memberships;
import org.tierra.parties.Parties;
import org.tierra.parties.PartyMemberRoutes;
import org.tierra.parties.PartyRoutes;
import org.tierra.resale.Assignments;
import org.tierra.resale.PriceIndexes;
import org.tierra.resale.ResalePolicies;
import org.tierra.resale.ResaleQuotes;
import org.tierra.resale.ResaleRoutes;
import org.tierra.stewardship.ObligationRoutes;
import org.tierra.stewardship.Obligations;
import org.tierra.stewardship.Stewardship;
import org.tierra.stewardship.StewardshipRoutes;
import org.tierra.tiles.TileRoutes;
import org.tierra.trusts.TrustRoutes;
import org.tierra.trusts.Trusts;
import org.tierra.views.MyLeases;
import org.tierra.views.MyLeasesRoutes;
import org.tierra.views.ParcelTimeline;
import org.tierra.views.ParcelTimelineRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running Tierra: its database (embedded or external), migrations applied, demo data when asked,
 * and the HTTP server. {@link #close()} stops them in reverse order.
 */
public final class TierraApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TierraApp.class);
    static final String DATABASE_NAME = "tierra";

    private final Optional<EmbeddedPostgres> embeddedPostgres;
    private final Database database;
    private final GeoPackageFiles geoPackages;
    private final HttpServer httpServer;

    private TierraApp(
            Optional<EmbeddedPostgres> embeddedPostgres,
            Database database,
            GeoPackageFiles geoPackages,
            HttpServer httpServer) {
        this.embeddedPostgres = embeddedPostgres;
        this.database = database;
        this.geoPackages = geoPackages;
        this.httpServer = httpServer;
    }

    /** Starts everything {@code config} describes; on failure stops what was started and rethrows. */
    public static TierraApp start(TierraConfig config) {
        Optional<EmbeddedPostgres> embedded = Optional.empty();
        Database database = null;
        GeoPackageFiles geoPackages = null;
        try {
            if (config.embeddedDatabase()) {
                embedded = Optional.of(
                        EmbeddedPostgres.start(config.dataDir(), DATABASE_NAME, EmbeddedPostgres.Durability.DURABLE));
                EmbeddedPostgres postgres = embedded.get();
                database = Database.connect(postgres.jdbcUrl(DATABASE_NAME), postgres.user(), postgres.password());
            } else {
                database = Database.connect(
                        config.databaseUrl().orElseThrow(),
                        config.databaseUser().orElse(null),
                        config.databasePassword().orElse(null));
            }
            String schemaVersion = database.migrate();
            log.info("Database schema at version {}", schemaVersion);
            JsonMapper json = Json.newMapper();
            AuditLog audit = new AuditLog(json);
            if (config.loadDemo()) {
                DemoData.loadIfEmpty(database, json, audit, config.demoPassword(), config.dataDir());
            }
            BoundaryReader boundaries = new BoundaryReader(config.parcelLimits());
            ParcelReads parcelReads = new ParcelReads(database);
            ParcelWrites parcelWrites = new ParcelWrites(database, audit, boundaries, json);
            geoPackages = new GeoPackageFiles();
            HttpServer httpServer = HttpServer.start(
                    config.host(),
                    config.port(),
                    json,
                    config.security(),
                    List.of(
                            new AccessControl(database, config.security()), // first: guards every route below
                            new HealthRoutes(database, version()),
                            new ApiDocumentRoutes(json),
                            new ParcelRoutes(parcelReads, json),
                            new ParcelHistoryRoutes(parcelReads, json),
                            new ParcelWriteRoutes(parcelWrites, json),
                            new SplitMergeRoutes(new SplitsAndMerges(database, audit, boundaries, parcelWrites), json),
                            new RepairRoutes(new BoundaryRepairs(database, config.parcelLimits()), json),
                            new TrustRoutes(new Trusts(database, audit), json),
                            new PartyRoutes(new Parties(database, audit, json), json),
                            new PartyMemberRoutes(new Memberships(database, audit, json), json),
                            new LeaseRoutes(new LeaseLifecycle(database, audit), new Leases(database), json),
                            new MyLeasesRoutes(new MyLeases(database, json)),
                            new AuthRoutes(
                                    new Sessions(database, audit, config.security(), LoginThrottle.standard()),
                                    json,
                                    config.security()),
                            new TokenRoutes(new Tokens(database, audit), json),
                            new MemberRoutes(new Members(database, audit), json),
                            new AuditRoutes(new AuditTrail(database, audit)),
                            new OgcRoutes(database, json),
                            new ExportRoutes(database, json, geoPackages),
                            new TileRoutes(database, json, config.tileCacheMegabytes()),
                            new LedgerRoutes(new Ledger(database, audit), json),
                            new ParcelTimelineRoutes(new ParcelTimeline(database, json)),
                            new ResaleRoutes(
                                    new ResalePolicies(database, audit),
                                    new ResaleQuotes(database),
                                    new PriceIndexes(database, audit),
                                    new Assignments(database, new LeaseHandover(audit), json),
                                    json),
                            new StewardshipRoutes(new Stewardship(database, audit), json),
                            new ObligationRoutes(new Obligations(database, audit), json),
                            new DocumentRoutes(new Documents(
                                    database,
                                    audit,
                                    Math.min(
                                            DocumentRoutes.DEFAULT_MAX_FILE_BYTES,
                                            config.security().maxBodyBytes())))));
            log.info("Tierra {} is up at http://{}:{}/", version(), displayHost(config.host()), httpServer.port());
            return new TierraApp(embedded, database, geoPackages, httpServer);
        } catch (RuntimeException e) {
            if (geoPackages != null) {
                geoPackages.close();
            }
            if (database != null) {
                database.close();
            }
            embedded.ifPresent(EmbeddedPostgres::close);
            throw e;
        }
    }

    public int port() {
        return httpServer.port();
    }

    /** Every HTTP route with its declared access. */
    public List<HttpServer.Route> routes() {
        return httpServer.routes();
    }

    /** The version from the jar's manifest, or {@code dev} when run from classes. */
    public static String version() {
        String version = TierraApp.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("127.0.0.1") ? "localhost" : host;
    }

    @Override
    public void close() {
        try {
            httpServer.close();
        } finally {
            try {
                geoPackages.close();
                database.close();
            } finally {
                embeddedPostgres.ifPresent(EmbeddedPostgres::close);
            }
        }
        log.info("Tierra stopped");
    }
}
