package io.toolgate.registration;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the headers a registrant asks the gateway to send to its upstream: a header is accepted only when
 * its name is on the operator's allowlist ({@code GATEWAY_REGISTRATION_ALLOWED_HEADERS}, empty by default) and never
 * when it is one the gateway or the HTTP layer owns; names must be HTTP tokens and values single lines.
 */
public final class HeaderGuard {

    private static final Set<String> DENIED = Set.of("host", "authorization", "cookie", "set-cookie", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "proxy-authorization", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "connection", "content-length", "content-type", "accept",
            "mcp-session-id", "mcp-protocol-version");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Set<String> allowed;

    /** @param allowed lower-case header names registrants may set */
    public HeaderGuard(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Null when every header may be sent, else why not (naming the first offending header). */
    public String refusal(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return "Header names must not be empty";
            }
            if (!TOKEN.matcher(h.getKey()).matches() || h.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                return "Header '" + printable(h.getKey()) + "' needs a valid name and a single-line value";
            }
            if (DENIED.contains(name)) {
                return "Header '" + h.getKey() + "' is reserved and cannot be set by a registration";
            }
            if (!allowed.contains(name)) {
                return "Header '" + h.getKey() + "' is not in GATEWAY_REGISTRATION_ALLOWED_HEADERS";
            }
        }
        return null;
    }

    private static String printable(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
