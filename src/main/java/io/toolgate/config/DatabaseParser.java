package io.toolgate.config;

import io.toolgate.error.ConfigException;
import io.toolgate.store.Database;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads where the gateway's {@link Database} is: {@code GATEWAY_DATABASE_URL} when set (PostgreSQL, as a
 * {@code postgresql://} or {@code jdbc:postgresql:} URL), else the embedded database under {@code GATEWAY_DATA_DIR}.
 * The database is described, not opened.
 */
final class DatabaseParser {

    private DatabaseParser() {
    }

    /** The database, or {@code null} when neither registration nor {@code GATEWAY_DATABASE_URL} asks for one. */
    static Database parse(ConfigReader r, boolean registration) {
        String url = r.raw("gateway.database-url");
        Database database = url == null ? Database.embedded(Path.of(r.string("gateway.data-dir", Defaults.DATA_DIR)))
                : server(url);
        return registration || url != null ? database : null;
    }

    private static Database server(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Database.jdbc(url, "PostgreSQL " + scrubbedJdbc(url));
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return postgres(url);
        }
        throw new ConfigException("Invalid GATEWAY_DATABASE_URL: expected postgresql://user:password@host:port/database "
                + "or jdbc:postgresql://host:port/database?user=…&password=…");
    }

    private static Database postgres(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException("Invalid GATEWAY_DATABASE_URL: not a valid URL");
        }
        if (u.getHost() == null) {
            throw new ConfigException("Invalid GATEWAY_DATABASE_URL: no host");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(u.getRawAuthority().replaceFirst("^.*@", ""))
                .append(u.getRawPath() == null ? "" : u.getRawPath());
        List<String> params = new ArrayList<>();
        if (u.getRawUserInfo() != null) {
            String[] userInfo = u.getRawUserInfo().split(":", 2);
            params.add("user=" + userInfo[0]);
            if (userInfo.length == 2) {
                params.add("password=" + userInfo[1]);
            }
        }
        if (u.getRawQuery() != null) {
            params.add(u.getRawQuery());
        }
        if (!params.isEmpty()) {
            jdbc.append('?').append(String.join("&", params));
        }
        String description = "PostgreSQL " + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
        return Database.jdbc(jdbc.toString(), description);
    }

    private static String scrubbedJdbc(String url) {
        String noQuery = url.replaceFirst("\\?.*$", "");
        return noQuery.substring("jdbc:postgresql:".length()).replaceFirst("^//[^/@]*@", "//");
    }
}
