package org.tierra.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tierra.db.PostgresInstallation;

/**
 * Drives a Tierra-managed cluster behind Tierra's back, the way an operator or a crash would: stop
 * it under a running service, or start it without Tierra to leave an orphan server.
 */
public final class PgCtl {

    private PgCtl() {}

    public static void stop(Path dataDir) {
        run(dataDir, "-m", "fast", "-w", "stop");
    }

    public static void start(Path dataDir) {
        Path cluster = dataDir.resolve("postgres");
        run(dataDir, "-l", cluster.resolve("server.log").toString(), "-w", "start");
    }

    /** The uid the process runs as, from /proc. */
    public static int uidOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(
                            line.substring("Uid:".length()).strip().split("\\s+", -1)[0]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("no process " + pid, e);
        }
        throw new IllegalStateException("no Uid line for " + pid);
    }

    /** Whether the process runs; a zombie (exited, not yet reaped by its parent) does not. */
    public static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dataDir, String... arguments) {
        Path cluster = dataDir.resolve("postgres");
        List<String> command = new ArrayList<>();
        try {
            String owner = Files.getOwner(cluster).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                command.addAll(List.of("runuser", "-u", owner, "--"));
            }
            command.add(PostgresInstallation.locate().binary("pg_ctl").toString());
            command.addAll(List.of("-D", cluster.toString()));
            command.addAll(List.of(arguments));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
