package org.tierra.testing;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.tierra.TierraApp;

/**
 * Starts one {@link Tierra} per test class annotated {@link TierraTest} on first use, hands it to any
 * parameter of type {@code Tierra}, and stops it when the class is done (JUnit closes what the class's
 * store holds).
 */
final class TierraExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Tierra.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Tierra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(testClass, type -> start(type), Tierra.class);
    }

    /** The class's own context, so that the Tierra lives as long as the class, not one test. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Tierra start(Class<?> testClass) {
        TierraTest settings = testClass.getAnnotation(TierraTest.class);
        Map<String, String> more = new HashMap<>();
        for (String setting : settings.settings()) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("a setting is NAME=value, not '" + setting + "'");
            }
            more.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        TestDatabase database = TestPostgres.freshDatabase();
        return new Tierra(database, TierraApp.start(database.config(settings.demo(), more)));
    }
}
