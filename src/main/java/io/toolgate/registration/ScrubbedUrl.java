package io.toolgate.registration;

import java.net.URI;

/** A URL reduced to {@code scheme://host[:port]/path}: no userinfo, query or fragment, for listings and logs. */
public final class ScrubbedUrl {

    private ScrubbedUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return "<unparseable-url>";
            }
            String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
            int port = u.getPort();
            return u.getScheme() + "://" + host + (port > 0 && port <= 65535 ? ":" + port : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (Exception e) {
            return "<unparseable-url>";
        }
    }
}
