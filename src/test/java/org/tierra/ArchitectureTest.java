package org.tierra;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, read from the compiled classes: packages in layers that depend only downwards
 * (so no package cycles), and HTTP kept at the edge of each feature. A new feature package gets a layer
 * here; the test fails for a package that has none.
 */
class ArchitectureTest {

    /**
     * The layers, bottom first. A package may use packages of lower layers and its own; never one of its
     * own layer or above. Shared kernels at the bottom, features above them in the order their records
     * refer to each other, read models and protocol adapters over the features, the wiring on top.
     */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("core"),
            Set.of("config", "db", "geo"),
            Set.of("money", "access"),
            Set.of("http"),
            Set.of("audit"),
            Set.of("trusts"),
            Set.of("auth"),
            Set.of("parcels", "parties"),
            Set.of("leases"),
            Set.of("ledger", "resale", "stewardship", "documents", "imports", "ogcapi", "tiles"),
            Set.of("exports", "views"),
            Set.of("demo", "health", "apidocs"),
            Set.of(""));

    /**
     * Packages that speak a protocol throughout (OGC API, vector tiles, downloads) or are HTTP itself;
     * elsewhere only the HTTP edge of a feature may use Javalin or {@code org.tierra.http}.
     */
    static final Set<String> PROTOCOL_PACKAGES = Set.of("http", "ogcapi", "tiles", "exports", "health", "");

    /** The HTTP edge of a feature: its routes and the readers of its request bodies. */
    static boolean isHttpEdge(JavaClass type) {
        String name = type.getName().replaceFirst("\\$.*", "");
        return name.endsWith("Routes") || name.endsWith("Input") || name.equals("org.tierra.auth.AccessControl");
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tierra");
    }

    /** The feature package of a Tierra class: {@code leases} for {@code org.tierra.leases.Lease}. */
    static Optional<String> feature(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals("org.tierra")) {
            return Optional.of("");
        }
        if (!name.startsWith("org.tierra.")) {
            return Optional.empty();
        }
        return Optional.of(name.substring("org.tierra.".length()).replaceFirst("\\..*", ""));
    }

    static int layerOf(String feature) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(feature)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass type : classes) {
            feature(type).filter(feature -> layerOf(feature) < 0).ifPresent(unplaced::add);
        }
        assertThat(unplaced)
                .as("packages without a layer in ArchitectureTest.LAYERS")
                .isEmpty();
    }

    @Test
    void packagesDependOnlyOnLowerLayers() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : classes) {
            String from = feature(type).orElseThrow();
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                Optional<String> to = feature(dependency.getTargetClass());
                if (to.isPresent() && !to.get().equals(from) && layerOf(to.get()) >= layerOf(from)) {
                    violations.add(describe(type, dependency.getTargetClass()));
                }
            }
        }
        assertThat(violations).as("dependencies sideways or upwards").isEmpty();
    }

    @Test
    void onlyTheHttpEdgeOfAFeatureUsesHttp() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : classes) {
            String from = feature(type).orElseThrow();
            if (PROTOCOL_PACKAGES.contains(from) || isHttpEdge(type)) {
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String target = dependency.getTargetClass().getPackageName();
                if (target.startsWith("io.javalin") || target.equals("org.tierra.http")) {
                    violations.add(describe(type, dependency.getTargetClass()));
                }
            }
        }
        assertThat(violations)
                .as("HTTP used outside routes and request readers")
                .isEmpty();
    }

    @Test
    void routesNeverCallOtherRoutes() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : classes) {
            if (!isRoutes(type)) {
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (isRoutes(target) && !outer(target).equals(outer(type))) {
                    violations.add(describe(type, target));
                }
            }
        }
        assertThat(violations).as("routes that reach into other routes").isEmpty();
    }

    private static boolean isRoutes(JavaClass type) {
        return type.getPackageName().startsWith("org.tierra.") && outer(type).endsWith("Routes");
    }

    private static String outer(JavaClass type) {
        return type.getName().replaceFirst("\\$.*", "");
    }

    @Test
    void theLayersAreTheOnesThisTestDescribes() {
        // Guards the table itself: a layer listed twice would let two packages use each other.
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String feature : LAYERS.get(i)) {
                assertThat(seen.put(feature, i))
                        .as(feature + " is in one layer")
                        .isNull();
            }
        }
    }

    private static String describe(JavaClass from, JavaClass to) {
        return from.getName().replaceFirst("\\$.*", "").replace("org.tierra.", "") + " -> "
                + to.getName().replaceFirst("\\$.*", "").replace("org.tierra.", "");
    }
}
