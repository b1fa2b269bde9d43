package io.toolgate.hooks;

import io.toolgate.error.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HookLoaderTest {

    public static class Allowed implements GatewayHook {
    }

    public static class NeedsArgument implements GatewayHook {
        public NeedsArgument(String setting) {
        }
    }

    public static class Failing implements GatewayHook {
        public Failing() {
            throw new IllegalStateException("no licence");
        }
    }

    private static final ClassLoader LOADER = HookLoaderTest.class.getClassLoader();
    private static final String ALLOWED = Allowed.class.getName();

    @Test
    void loadsClassesUnderAnAllowedPrefixInOrder() {
        List<GatewayHook> hooks = HookLoader.load(List.of(ALLOWED, ALLOWED), List.of("io.toolgate.hooks"), LOADER);
        assertThat(hooks).hasSize(2).allMatch(h -> h instanceof Allowed);
        assertThat(hooks.get(0)).isNotSameAs(hooks.get(1));
        assertThat(HookLoader.load(List.of(), List.of(), LOADER)).isEmpty();
    }

    @Test
    void refusesWhatItMustNotLoad() {
        assertThatThrownBy(() -> HookLoader.load(List.of(ALLOWED), List.of(), LOADER))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GATEWAY_ALLOWED_HOOK_PREFIXES is empty");
        assertThatThrownBy(() -> HookLoader.load(List.of(ALLOWED), List.of("io.toolgate.hoo"), LOADER))
                .hasMessageContaining("is not under GATEWAY_ALLOWED_HOOK_PREFIXES");
        assertThatThrownBy(() -> HookLoader.load(List.of("java.lang.Object"), List.of("java.lang"), LOADER))
                .hasMessageContaining("'java.lang.Object' is not a concrete io.toolgate.hooks.GatewayHook");
        assertThatThrownBy(() -> HookLoader.load(List.of("io.toolgate.hooks.Missing"), List.of("io.toolgate"), LOADER))
                .hasMessageContaining("class 'io.toolgate.hooks.Missing' not found on the classpath");
        assertThatThrownBy(() -> HookLoader.load(List.of(NeedsArgument.class.getName()), List.of("io.toolgate"), LOADER))
                .hasMessageContaining("has no public no-argument constructor");
        assertThatThrownBy(() -> HookLoader.load(List.of(Failing.class.getName()), List.of("io.toolgate"), LOADER))
                .hasMessageContaining("failed: java.lang.IllegalStateException: no licence");
        assertThatThrownBy(() -> HookLoader.load(List.of("a .B"), List.of("a"), LOADER))
                .hasMessageContaining("contains whitespace");
    }
}
