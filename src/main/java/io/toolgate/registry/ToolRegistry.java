package io.toolgate.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RegistrySnapshot}. Reads are a volatile load; writes are serialized and only swap a snapshot
 * that was built from already-fetched data, so no network I/O ever happens under the write lock.
 */
public final class ToolRegistry {

    private final AtomicReference<RegistrySnapshot> current;
    private final ToolNaming naming;
    private final String customInstructions;
    private final Object writeLock = new Object();
    private final List<Consumer<Swap>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean populated;

    public ToolRegistry(List<DomainState> domains, ToolNaming naming, String customInstructions) {
        this.naming = naming;
        this.customInstructions = customInstructions;
        this.current = new AtomicReference<>(RegistrySnapshot.build(domains, naming, customInstructions));
    }

    public RegistrySnapshot snapshot() {
        return current.get();
    }

    /**
     * Applies a change to the domain list and swaps in the rebuilt snapshot; returns the old and new snapshots. Listeners
     * hear of the swap after the write lock is released.
     */
    public Swap update(UnaryOperator<List<DomainState>> change) {
        Swap swap;
        synchronized (writeLock) {
            RegistrySnapshot before = current.get();
            RegistrySnapshot after = RegistrySnapshot.build(change.apply(before.domains()), naming, customInstructions);
            current.set(after);
            swap = new Swap(before, after);
        }
        listeners.forEach(l -> l.accept(swap));
        return swap;
    }

    /** Called after every swap, on the writer's thread; must not block. */
    public void onSwap(Consumer<Swap> listener) {
        listeners.add(listener);
    }

    /** True once the first populate attempt has finished, whatever its outcome. */
    public boolean isPopulated() {
        return populated;
    }

    public void markPopulated() {
        populated = true;
    }

    public record Swap(RegistrySnapshot before, RegistrySnapshot after) {
    }
}
