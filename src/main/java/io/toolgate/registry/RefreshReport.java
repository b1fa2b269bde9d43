package io.toolgate.registry;

import java.util.List;

/**
 * What one refresh did to one domain: tools added, removed, and changed (same name, new description or schema), as
 * exposed names; the domain's tool count after it; whether pinning refused the change; or why listing failed.
 */
public record RefreshReport(String domain, List<String> added, List<String> removed, List<String> changed,
                            int toolCount, boolean refused, String error) {

    public boolean hasChanges() {
        return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
    }
}
