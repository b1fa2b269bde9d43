package io.toolgate.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How upstream tool names become gateway names and which group a tool belongs to.
 */
public enum ToolNaming {
    /** Every tool is exposed as {@code <domain>_<name>} unless its name already starts with {@code <domain>_}. */
    PREFIXED,
    /** A tool keeps its bare name unless another domain exposes the same name; then all of them are prefixed. */
    COLLISION,
    /**
     * Names, prompt names and resource URIs stay as the single upstream sends them (configuration refuses it with more
     * than one upstream; should a registration add a second domain, tools are named as with {@link #COLLISION} and
     * prompts and resources are namespaced).
     */
    BARE;

    /** Any tool name MCP allows. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    public static ToolNaming parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public static boolean isValidName(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String prefixed(String domain, String name) {
        return name.startsWith(domain + "_") ? name : domain + "_" + name;
    }

    public static String group(String domain, String upstreamName) {
        String prefix = domain + "_";
        if (upstreamName.startsWith(prefix)) {
            String rest = upstreamName.substring(prefix.length());
            int cut = rest.indexOf('_');
            String first = cut < 0 ? rest : rest.substring(0, cut);
            if (!first.isEmpty()) {
                return first;
            }
        }
        return "general";
    }
}
