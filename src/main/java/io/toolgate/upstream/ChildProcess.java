package io.toolgate.upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a stdio upstream's process: started with exactly the environment its entry lists plus {@code PATH},
 * {@code HOME} and the locale (never the gateway's own variables, which hold its secrets); its stderr lines go to the
 * gateway log under the domain, at most {@value #LOG_BURST} at once and {@value #LOG_PER_SECOND} a second after that
 * (the rest are counted and the count logged); ended with its own children.
 */
final class ChildProcess {

    static final int LOG_BURST = 50;
    static final int LOG_PER_SECOND = 10;
    private static final int MAX_LOGGED_LINE = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger("io.toolgate.upstream.stdio");

    private final String domain;
    private final Process process;
    private volatile String lastError = "";

    private ChildProcess(String domain, Process process) {
        this.domain = domain;
        this.process = process;
        Thread stderr = new Thread(this::logStderr, "toolgate-stdio-" + domain + "-stderr");
        stderr.setDaemon(true);
        stderr.start();
    }

    /** Starts the command; the message says why when it cannot be started. */
    static ChildProcess start(String domain, StdioCommand command) {
        List<String> line = new ArrayList<>();
        line.add(command.command());
        line.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(line);
        environment(pb.environment(), System.getenv(), command.env());
        if (command.cwd() != null) {
            pb.directory(command.cwd().toFile());
        }
        try {
            return new ChildProcess(domain, pb.start());
        } catch (IOException e) {
            throw UpstreamException.transport("cannot start '" + command.command() + "': " + e.getMessage(), e);
        }
    }

    /** The child's environment: {@code PATH}, {@code HOME} and the locale of the gateway's, then the entry's own. */
    static void environment(Map<String, String> child, Map<String, String> gateway, Map<String, String> entry) {
        child.clear();
        gateway.forEach((name, value) -> {
            if (name.equals("PATH") || name.equals("HOME") || name.equals("LANG") || name.equals("LANGUAGE")
                    || name.startsWith("LC_")) {
                child.put(name, value);
            }
        });
        child.putAll(entry);
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Why the process ended, for the callers it failed: its exit status and last stderr line. */
    String exitReason() {
        String status = process.isAlive() ? "closed its stdout" : "exited with status " + process.exitValue();
        return lastError.isEmpty() ? status : status + " (stderr: " + lastError + ")";
    }

    /**
     * Ends the process and every process it started: stdin is closed first (an MCP server exits on end of input),
     * then the group is terminated, then killed.
     */
    void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child closed its end already
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void logStderr() {
        long tokens = LOG_BURST;
        long refilled = System.nanoTime();
        long suppressed = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String shown = line.length() > MAX_LOGGED_LINE ? line.substring(0, MAX_LOGGED_LINE) + "…" : line;
                lastError = shown.length() > 300 ? shown.substring(0, 300) + "…" : shown;
                long now = System.nanoTime();
                long earned = (now - refilled) / (1_000_000_000L / LOG_PER_SECOND);
                if (earned > 0) {
                    tokens = Math.min(LOG_BURST, tokens + earned);
                    refilled = tokens == LOG_BURST ? now : refilled + earned * (1_000_000_000L / LOG_PER_SECOND);
                }
                if (tokens == 0) {
                    suppressed++;
                    continue;
                }
                tokens--;
                if (suppressed > 0) {
                    LOG.warn("[{}] {} stderr lines not logged (more than {} a second)", domain, suppressed, LOG_PER_SECOND);
                    suppressed = 0;
                }
                LOG.info("[{}] {}", domain, shown);
            }
        } catch (IOException e) {
            LOG.debug("[{}] stderr closed: {}", domain, e.toString());
        }
        if (suppressed > 0) {
            LOG.warn("[{}] {} stderr lines not logged (more than {} a second)", domain, suppressed, LOG_PER_SECOND);
        }
    }
}
