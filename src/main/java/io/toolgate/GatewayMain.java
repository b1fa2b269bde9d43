package io.toolgate;

import io.toolgate.config.ConfigReader;
import io.toolgate.config.GatewayConfig;
import io.toolgate.error.ConfigException;
import org.apache.camel.main.Main;

import java.io.InputStream;
import java.util.Properties;

/**
 * Entry point: reads and validates the configuration (environment variables {@code GATEWAY_*} over system properties
 * over {@code application.properties}), exits with status 1 and one line naming the variable when it is invalid, then
 * runs Camel Main.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = GatewayMain.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.load(ConfigReader.lookup(defaults));
        } catch (ConfigException e) {
            System.err.println("ERROR toolgate: " + e.getMessage());
            System.exit(1);
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
                    System.err.println("ERROR toolgate: " + c.getMessage());
                    System.exit(1);
                }
            }
            throw e;
        }
        System.exit(status);
    }

    /** The gateway's version, from the jar manifest. */
    public static String version() {
        String v = GatewayMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
