package io.toolgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Warnings for {@code GATEWAY_*} variables the gateway will not read: fastmcp-gateway settings toolgate replaces
 * (naming what to use instead), and names no setting has (with the closest one, which is usually a typo).
 */
public final class EnvironmentCheck {

    /** fastmcp-gateway variables toolgate does not read, and what does their job here. */
    static final Map<String, String> REPLACED = Map.of(
            "GATEWAY_HOOK_MODULE", "Java hooks are classes named in GATEWAY_HOOK_CLASSES (with GATEWAY_ALLOWED_HOOK_PREFIXES),"
                    + " YAML hooks are routes loaded from GATEWAY_ROUTES",
            "GATEWAY_MIDDLEWARE_MODULE", "hooks (GATEWAY_HOOK_CLASSES) or YAML routes at the hook extension points (GATEWAY_ROUTES)",
            "GATEWAY_ALLOWED_MIDDLEWARE_PREFIXES", "GATEWAY_ALLOWED_HOOK_PREFIXES, for the classes of GATEWAY_HOOK_CLASSES",
            "GATEWAY_AUTH_MODULE", "GATEWAY_JWT_ISSUER with GATEWAY_JWT_JWKS_URL or GATEWAY_JWT_PUBLIC_KEY, or a hook's"
                    + " onAuthenticate (GATEWAY_HOOK_CLASSES)",
            "GATEWAY_ALLOWED_AUTH_PREFIXES", "GATEWAY_ALLOWED_HOOK_PREFIXES, for a hook that authenticates",
            "GATEWAY_REGISTRY_TOKEN_PROVIDER_MODULE", "GATEWAY_REGISTRY_AUTH_TOKEN (a static bearer token for discovery),"
                    + " or per-upstream headers in GATEWAY_UPSTREAMS");

    private EnvironmentCheck() {
    }

    /** One warning per variable of {@code environment} that starts with {@code GATEWAY_} and is not in {@code known}. */
    public static List<String> warnings(Map<String, String> environment, Set<String> known) {
        List<String> out = new ArrayList<>();
        for (String name : new TreeMap<>(environment).keySet()) {
            if (!name.startsWith("GATEWAY_") || known.contains(name)) {
                continue;
            }
            String replacement = REPLACED.get(name);
            if (replacement != null) {
                out.add(name + " is a fastmcp-gateway setting toolgate does not read; use instead: " + replacement);
            } else {
                String near = closest(name, known);
                out.add(name + " is not a toolgate setting and is ignored"
                        + (near == null ? " (java -jar toolgate.jar --help lists them)" : " (did you mean " + near + "?)"));
            }
        }
        return out;
    }

    /** The known name at most two edits away, or null. */
    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
