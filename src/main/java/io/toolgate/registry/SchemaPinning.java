package io.toolgate.registry;

import java.util.Locale;

/** What a refresh does when a domain's schema digest changed. */
public enum SchemaPinning {
    /** Apply changes silently. */
    OFF,
    /** Apply changes, report them in {@code changed} and log old and new digest. */
    WARN,
    /** Refuse the domain's new listing; the old one stays and the report says {@code refused}. */
    ENFORCE;

    public static SchemaPinning parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
