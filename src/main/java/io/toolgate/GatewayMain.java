package io.toolgate;

import io.toolgate.config.ConfigReader;
import io.toolgate.config.EnvironmentCheck;
import io.toolgate.config.GatewayConfig;
import io.toolgate.config.SettingsReference;
import io.toolgate.error.ConfigException;
import io.toolgate.http.GatewayHttpServer;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Properties;

/**
 * Entry point: {@code --help} prints the settings; otherwise warns of {@code GATEWAY_*} variables it will not read,
 * reads and validates the configuration (environment variables {@code GATEWAY_*} over system properties over
 * {@code application.properties}), exits with status 1 and one line naming the variable when it is invalid or the
 * port is taken, then runs Camel Main.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(SettingsReference.load().help(version()));
            return;
        }
        Logger log = LoggerFactory.getLogger(GatewayMain.class);
        EnvironmentCheck.warnings(System.getenv(), SettingsReference.load().names()).forEach(log::warn);
        Properties defaults = new Properties();
        try (InputStream in = GatewayMain.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.load(ConfigReader.lookup(defaults));
            checkPortFree(config.server().host(), config.server().port());
        } catch (ConfigException e) {
            exit(e.getMessage());
            return;
        }
        Main main = new Main();
        main.bind(GatewayWiring.CONFIG_BEAN, config);
        main.configure().addConfiguration(GatewayWiring.class);
        int status;
        try {
            status = main.run(args);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigException c) {
                    // raised while Camel configures the context, e.g. a hook class cannot be instantiated or the
                    // registration database cannot be opened
                    exit(c.getMessage());
                }
            }
            throw e;
        }
        System.exit(status);
    }

    /**
     * Ends the process with status 1 and one line: plain text on standard error, or one JSON log event when
     * {@code GATEWAY_LOG_FORMAT=json} (as the logging configuration reads it), so a log pipeline parses it too.
     */
    private static void exit(String message) {
        String format = System.getProperty("GATEWAY_LOG_FORMAT", System.getenv("GATEWAY_LOG_FORMAT"));
        if ("json".equals(format)) {
            LoggerFactory.getLogger(GatewayMain.class).error(message);
        } else {
            System.err.println("ERROR toolgate: " + message);
        }
        System.exit(1);
    }

    /**
     * Fails at once, before Camel spends seconds starting, when the port is taken; the HTTP server checks again when it
     * binds (another process may take the port in between).
     */
    private static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new ConfigException(GatewayHttpServer.portInUse(host, port));
        } catch (IOException e) {
            // an address this JVM cannot probe (e.g. a name that resolves later): the HTTP server reports it
        }
    }

    /** The gateway's version, from the jar manifest. */
    public static String version() {
        String v = GatewayMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
