package io.toolgate.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Set;

/**
 * How a configured or registered domain is doing, for operators (metrics, verbose readiness, the admin page) and for
 * the model's error messages.
 *
 * @param domain     the domain name
 * @param state      see {@link State}
 * @param toolCount  tools the registry exposes for it now (kept from the last listing while it is down)
 * @param lastError  why the last listing failed, or null when it succeeded
 * @param lastSuccess when a listing was last accepted, or null when none was
 */
public record DomainHealth(String domain, State state, int toolCount, String lastError, Instant lastSuccess) {

    /** A domain's state; {@link #label()} is how it is shown. */
    public enum State {
        /** never listed yet, and no listing has failed */
        STARTING,
        /** its last listing succeeded */
        READY,
        /** a listing is under way */
        REFRESHING,
        /** its last listing failed; calls to it are likely to fail */
        DOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The health of every domain of {@code snapshot}, in its order; {@code listing} names the domains being listed. */
    public static List<DomainHealth> of(RegistrySnapshot snapshot, Set<String> listing) {
        List<DomainHealth> out = new ArrayList<>(snapshot.domains().size());
        for (DomainState d : snapshot.domains()) {
            NavigableMap<String, List<ToolEntry>> groups = snapshot.groups().get(d.name());
            int tools = groups == null ? 0 : groups.values().stream().mapToInt(List::size).sum();
            State state = listing.contains(d.name()) ? State.REFRESHING
                    : d.lastError() != null ? State.DOWN
                    : d.catalog() == null ? State.STARTING
                    : State.READY;
            out.add(new DomainHealth(d.name(), state, tools, d.lastError(), d.listedAt()));
        }
        return out;
    }
}
