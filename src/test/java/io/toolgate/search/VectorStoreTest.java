package io.toolgate.search;

import io.toolgate.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VectorStoreTest {

    @Test
    void vectorsRoundTripAndAStoredDigestIsKept(@TempDir Path dir) throws Exception {
        try (Database db = Database.embedded(dir)) {
            VectorStore store = new VectorStore(db);
            store.open();
            store.save("m", Map.of("d1", new float[]{0.5f, -1.25f, 3f}));
            store.save("m", Map.of("d1", new float[]{9f, 9f, 9f}, "d2", new float[]{1f}));
            Map<String, float[]> loaded = store.load(List.of("d1", "d2", "unknown"));
            assertThat(loaded).containsOnlyKeys("d1", "d2");
            assertThat(loaded.get("d1")).containsExactly(0.5f, -1.25f, 3f);
            assertThat(loaded.get("d2")).containsExactly(1f);
        }
    }
}
