package org.tierra;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.config.ConfigException;
import org.tierra.config.TierraConfig;
import org.tierra.db.EmbeddedPostgresException;

/**
 * The command line: {@code java -jar tierra.jar [serve] [flags]} starts the service;
 * {@code java -jar tierra.jar admin create-operator --username NAME} creates the operator;
 * {@code --help} lists the flags. Exit status 2 means bad configuration, 1 a failure.
 */
public final class Tierra {

    private static final Logger log = LoggerFactory.getLogger(Tierra.class);

    private Tierra() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(TierraConfig.usage());
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("admin")) {
            runAdmin(arguments.subList(1, arguments.size()));
            return;
        }
        if (!arguments.isEmpty() && !arguments.get(0).startsWith("-")) {
            if (!arguments.get(0).equals("serve")) {
                fail(
                        2,
                        "unknown command '" + arguments.get(0)
                                + "'; the commands are 'serve' (the default) and 'admin'");
            }
            arguments = arguments.subList(1, arguments.size());
        }
        TierraConfig config = null;
        try {
            config = TierraConfig.from(System.getenv(), arguments);
        } catch (ConfigException e) {
            fail(2, e.getMessage());
        }
        try {
            TierraApp app = TierraApp.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tierra-shutdown"));
        } catch (EmbeddedPostgresException e) {
            log.error("Cannot start the embedded PostgreSQL: {}", e.getMessage());
            fail(1, "Tierra did not start (see above).");
        } catch (RuntimeException e) {
            log.error("Tierra did not start", e);
            fail(1, "Tierra did not start: " + e.getMessage());
        }
    }

    private static void runAdmin(List<String> arguments) {
        int status;
        try {
            status = AdminCommand.run(arguments, System.getenv());
        } catch (ConfigException e) {
            status = 2;
            System.err.println("tierra: " + e.getMessage());
        } catch (RuntimeException e) {
            status = 1;
            log.error("The admin command failed", e);
        }
        System.exit(status);
    }

    private static void fail(int status, String message) {
        System.err.println("tierra: " + message);
        System.exit(status);
    }
}
