package io.toolgate.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP headers a call to an upstream carries: of the caller's headers only those listed in the
 * domain's {@code forward_headers}, plus {@code traceparent}/{@code tracestate}; static per-upstream headers win over
 * them and hooks' extra headers win over both, case-insensitively.
 */
public final class OutboundHeaders {

    private static final List<String> ALWAYS_FORWARDED = List.of("traceparent", "tracestate");

    private OutboundHeaders() {
    }

    /** @param caller the caller's request headers, names lower-cased */
    public static Map<String, String> of(UpstreamSpec spec, Map<String, String> caller, Map<String, String> extra) {
        Map<String, String> outbound = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : ALWAYS_FORWARDED) {
            copy(caller, name, outbound);
        }
        for (String name : spec.forwardHeaders()) {
            copy(caller, name, outbound);
        }
        outbound.putAll(spec.headers());
        outbound.putAll(extra);
        return outbound;
    }

    private static void copy(Map<String, String> from, String name, Map<String, String> to) {
        String v = from.get(name.toLowerCase(Locale.ROOT));
        if (v != null) {
            to.put(name, v);
        }
    }
}
