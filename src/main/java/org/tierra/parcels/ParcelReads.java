package org.tierra.parcels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.trusts.TrustRepository;

/**
 * Reading the registry's parcels and their past, public like the parcels themselves. The trust's own
 * people (staff, board, admin) and the operator also read what the public does not: a parcel's notes,
 * and who made each change and why.
 */
public final class ParcelReads {

    /** The roles whose holders read a trust's parcels as insiders. */
    static final Set<Role> INSIDERS = Set.of(Role.ADMIN, Role.BOARD, Role.STAFF);

    private final Database database;
    private final ParcelRepository parcels;

    public ParcelReads(Database database) {
        this.database = database;
        this.parcels = new ParcelRepository(database);
    }

    /**
     * Runs {@code query} and hands its features to {@code consumer} as they stream from the database
     * (see {@link ParcelRepository#streamFeatures}).
     *
     * @throws Problem 400 naming {@code trust} when the query names a trust there is not
     */
    public void streamFeatures(ParcelQuery query, ParcelRepository.FeatureConsumer consumer) {
        query.trustCode().ifPresent(this::requireKnownTrust);
        parcels.streamFeatures(query, consumer);
    }

    private void requireKnownTrust(String code) {
        boolean known = database.withConnection(
                connection -> TrustRepository.findTrustByCode(connection, code).isPresent());
        if (!known) {
            throw Problem.invalidParameter("trust", "There is no trust with code '" + code + "'.");
        }
    }

    /**
     * The parcel as it is now, or as the registry described it at {@code asOf}; with its notes when
     * {@code caller} is an insider of its trust.
     *
     * @throws Problem 404 when there is no such parcel, or it did not exist yet at {@code asOf}
     */
    public ParcelRepository.ParcelFeature getFeature(long id, Optional<Instant> asOf, Optional<Principal> caller) {
        boolean insider = isInsider(caller, id);
        return asOf.map(instant -> parcels.findFeatureAsOf(id, instant, insider))
                .orElseGet(() -> parcels.findCurrentFeature(id, insider))
                .orElseThrow(() -> Problem.notFound(
                        asOf.isPresent()
                                ? "Parcel " + id + " did not exist at " + asOf.get() + "."
                                : "There is no parcel with id " + id + "."));
    }

    /**
     * Every version of the parcel, oldest first; who made each and why only for an insider.
     *
     * @throws Problem 404 when there is no such parcel
     */
    public List<ParcelHistory.Version> listVersions(long id, Optional<Principal> caller) {
        requireParcel(id);
        boolean insider = isInsider(caller, id);
        List<ParcelHistory.Version> versions =
                database.withConnection(connection -> ParcelHistory.listVersions(connection, id));
        return insider
                ? versions
                : versions.stream().map(ParcelHistory.Version::withoutAuthor).toList();
    }

    /**
     * Version {@code version} of the parcel as a GeoJSON Feature.
     *
     * @throws Problem 404 when there is no such parcel or version
     */
    public String getVersionFeature(long id, int version) {
        requireParcel(id);
        return database.withConnection(connection -> ParcelHistory.findVersionFeature(connection, id, version))
                .orElseThrow(() -> Problem.notFound("Parcel " + id + " has no version " + version + "."));
    }

    /**
     * What changed from version {@code from} to version {@code to}; {@code to} is the latest version unless
     * given, {@code from} the one before {@code to}.
     *
     * @throws Problem 404 when there is no such parcel, or it has no such version
     */
    public ParcelHistory.Diff getDiff(long id, Optional<Integer> from, Optional<Integer> to) {
        requireParcel(id);
        return database.withConnection(connection -> {
            int latest = ParcelHistory.listVersions(connection, id).size();
            int toVersion = to.orElse(latest);
            int fromVersion = from.orElse(Math.max(1, toVersion - 1));
            for (int version : new int[] {fromVersion, toVersion}) {
                if (version > latest) {
                    throw Problem.notFound("Parcel " + id + " has versions 1 to " + latest + ", not " + version + ".");
                }
            }
            return ParcelHistory.findDiff(connection, id, fromVersion, toVersion)
                    .orElseThrow();
        });
    }

    /**
     * Where the parcel's land came from and where it went.
     *
     * @throws Problem 404 when there is no such parcel
     */
    public ParcelHistory.Lineage getLineage(long id) {
        requireParcel(id);
        return database.withConnection(connection -> ParcelHistory.readLineage(connection, id));
    }

    private void requireParcel(long id) {
        if (parcels.findTrustId(id).isEmpty()) {
            throw Problem.notFound("There is no parcel with id " + id + ".");
        }
    }

    /** The trust's own people (staff, board, admin) and the operator read what the public does not. */
    private boolean isInsider(Optional<Principal> caller, long parcelId) {
        if (caller.isEmpty()) {
            return false;
        }
        if (caller.get().operator()) {
            return true;
        }
        return parcels.findTrustId(parcelId)
                .flatMap(trustId -> caller.get().roleIn(trustId))
                .filter(INSIDERS::contains)
                .isPresent();
    }
}
