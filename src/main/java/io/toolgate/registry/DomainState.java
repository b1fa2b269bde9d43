package io.toolgate.registry;

/**
 * A configured domain and what the registry last learned from it.
 *
 * @param name        the domain name
 * @param endpointUri the Camel endpoint its calls go to ({@code mcp-upstream:<domain>} or a user route)
 * @param description the operator's description, kept across refreshes
 * @param catalog     the last accepted listing, or null while the upstream has never answered
 * @param lastError   why the last listing failed, or null when it succeeded
 */
public record DomainState(String name, String endpointUri, String description, DomainCatalog catalog, String lastError) {

    public DomainState withListing(DomainCatalog newCatalog) {
        return new DomainState(name, endpointUri, description, newCatalog, null);
    }

    public DomainState withError(String error) {
        return new DomainState(name, endpointUri, description, catalog, error);
    }
}
