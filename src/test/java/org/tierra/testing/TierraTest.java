package org.tierra.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that talks to a running Tierra: the class gets a fresh database of the test cluster
 * (migrated, with the demo registry unless {@link #demo()} is false), Tierra started on it on a free
 * port, and signed-in sessions per demo account, all through a {@link Tierra} parameter of its
 * {@code @BeforeAll} method, its tests or its constructor. Tierra stops after the class's last test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TierraExtension.class)
public @interface TierraTest {

    /** Load the demo registry (trusts, parcels, tenure and the demo accounts). */
    boolean demo() default true;

    /** More settings, as {@code NAME=value} environment entries, e.g. {@code TIERRA_TILE_CACHE_MB=0}. */
    String[] settings() default {};
}
