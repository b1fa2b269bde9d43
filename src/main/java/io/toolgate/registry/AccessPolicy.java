package io.toolgate.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which upstream tools may enter the registry. Rules are case-sensitive globs per domain
 * ({@code *} any run, {@code ?} one character, {@code [seq]} and {@code [!seq]} character classes) matched against the
 * prefixed name ({@code crm_get_info}) and the upstream's original name ({@code get_info}); deny wins over allow.
 * <p>
 * In an <em>exhaustive</em> policy (the {@code GATEWAY_ACCESS_POLICY} file) a non-empty allow map lists every visible
 * domain: a domain without an entry is hidden. In an inline policy (per-upstream {@code allowed_tools}) an allow list
 * restricts its own domain only.
 */
public final class AccessPolicy {

    public static final AccessPolicy ALLOW_ALL = new AccessPolicy(Map.of(), Map.of(), false);

    private final Map<String, List<Pattern>> allow;
    private final Map<String, List<Pattern>> deny;
    private final boolean exhaustive;

    private AccessPolicy(Map<String, List<Pattern>> allow, Map<String, List<Pattern>> deny, boolean exhaustive) {
        this.allow = allow;
        this.deny = deny;
        this.exhaustive = exhaustive;
    }

    /** A policy from domain → glob lists; {@code exhaustive} as described in the class comment. */
    public static AccessPolicy of(Map<String, List<String>> allow, Map<String, List<String>> deny, boolean exhaustive) {
        if (allow.isEmpty() && deny.isEmpty()) {
            return ALLOW_ALL;
        }
        return new AccessPolicy(compile(allow), compile(deny), exhaustive);
    }

    /** False when an exhaustive policy leaves the domain out: nothing of it (tools, prompts, resources) is visible. */
    public boolean isDomainVisible(String domain) {
        return !(exhaustive && !allow.isEmpty() && !allow.containsKey(domain));
    }

    public boolean isAllowed(String domain, String upstreamName) {
        String prefixed = ToolNaming.prefixed(domain, upstreamName);
        List<Pattern> allowed = allow.get(domain);
        if (allowed == null ? exhaustive && !allow.isEmpty() : !matches(allowed, prefixed, upstreamName)) {
            return false;
        }
        List<Pattern> denied = deny.get(domain);
        return denied == null || !matches(denied, prefixed, upstreamName);
    }

    private static boolean matches(List<Pattern> patterns, String prefixed, String original) {
        for (Pattern p : patterns) {
            if (p.matcher(prefixed).matches() || p.matcher(original).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<Pattern>> compile(Map<String, List<String>> rules) {
        Map<String, List<Pattern>> out = new LinkedHashMap<>();
        rules.forEach((domain, globs) -> out.put(domain, globs.stream().map(AccessPolicy::glob).toList()));
        return Map.copyOf(out);
    }

    /** fnmatch-style glob to regex; an unclosed {@code [} is a literal bracket. */
    public static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && closingBracket(glob, i) > 0) {
                int end = closingBracket(glob, i);
                String set = glob.substring(i, end);
                re.append('[');
                if (set.startsWith("!")) {
                    re.append('^');
                    set = set.substring(1);
                }
                for (char s : set.toCharArray()) {
                    re.append(s == '\\' || s == '[' || s == '&' || s == '^' ? "\\" + s : String.valueOf(s));
                }
                re.append(']');
                i = end + 1;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The {@code ]} closing a class opened just before {@code from}; a {@code ]} first in the class is a member. */
    private static int closingBracket(String glob, int from) {
        int first = from < glob.length() && glob.charAt(from) == '!' ? from + 1 : from;
        return glob.indexOf(']', first + 1);
    }
}
