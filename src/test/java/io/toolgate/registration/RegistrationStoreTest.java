package io.toolgate.registration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationStoreTest {

    @Test
    void registrationsSurviveANewStoreOnTheSameDirectory(@TempDir Path dir) throws Exception {
        RegistrationStore store = RegistrationStore.embedded(dir);
        store.open();
        assertThat(store.all()).isEmpty();
        Registration crm = new Registration("crm", "https://crm.example.com/mcp?k=1", null, null, "CRM", 1000);
        Registration erp = new Registration("erp", "https://erp.example.com/mcp", "https://erp.example.com/list",
                Map.of("X-Api-Key", "secret"), null, 2000);
        store.save(erp);
        store.save(crm);
        store.save(new Registration("crm", "https://crm2.example.com/mcp", null, Map.of(), "CRM v2", 3000));

        RegistrationStore reopened = RegistrationStore.embedded(dir);
        reopened.open();
        assertThat(reopened.all()).containsExactly(
                new Registration("crm", "https://crm2.example.com/mcp", null, Map.of(), "CRM v2", 3000), erp);
        assertThat(reopened.delete("crm")).isTrue();
        assertThat(reopened.delete("crm")).isFalse();
        assertThat(store.all()).containsExactly(erp);
        assertThat(dir.resolve("toolgate.mv.db")).exists();
        assertThat(store.description()).contains(dir.toAbsolutePath().toString()).endsWith("toolgate.mv.db");
        reopened.close();
        store.close();
    }
}
