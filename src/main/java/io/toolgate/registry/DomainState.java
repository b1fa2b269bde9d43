package io.toolgate.registry;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A configured domain and what the registry last learned from it.
 *
 * @param name        the domain name
 * @param endpointUri the Camel endpoint its calls go to ({@code mcp-upstream:<domain>} or a user route)
 * @param description the operator's description, kept across refreshes
 * @param catalog     the last accepted listing, or null while the upstream has never answered
 * @param lastError   why the last listing failed, or null when it succeeded
 * @param listedAt    when a listing was last accepted, or null when none was
 */
public record DomainState(String name, String endpointUri, String description, DomainCatalog catalog, String lastError,
                          Instant listedAt) {

    /** A domain the registry has not listed yet. */
    public DomainState(String name, String endpointUri, String description) {
        this(name, endpointUri, description, null, null, null);
    }

    /** What a domain name may be, for messages. */
    public static final String NAME_RULE = "1-64 letters, digits, '_', '.' or '-', starting with a letter or digit";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** True when the name may be a domain ({@link #NAME_RULE}). */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    public DomainState withListing(DomainCatalog newCatalog, Instant at) {
        return new DomainState(name, endpointUri, description, newCatalog, null, at);
    }

    public DomainState withError(String error) {
        return new DomainState(name, endpointUri, description, catalog, error, listedAt);
    }
}
