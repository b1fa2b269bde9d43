package io.toolgate.hooks;

import io.toolgate.error.ConfigException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Instantiates the hook classes named by {@code GATEWAY_HOOK_CLASSES}: each must be under one of the package prefixes
 * of {@code GATEWAY_ALLOWED_HOOK_PREFIXES} (the prefix itself, or the prefix followed by {@code .}), implement
 * {@link GatewayHook} and have a public no-argument constructor. Any problem stops startup naming the variable.
 */
public final class HookLoader {

    private HookLoader() {
    }

    /** Checks the names, then instantiates each class in order. */
    public static List<GatewayHook> load(List<String> classNames, List<String> allowedPrefixes, ClassLoader loader) {
        check(classNames, allowedPrefixes);
        List<GatewayHook> hooks = new ArrayList<>();
        for (String name : classNames) {
            hooks.add(instantiate(name, loader));
        }
        return List.copyOf(hooks);
    }

    /** Checks the class names against the prefixes without loading any class. */
    public static void check(List<String> classNames, List<String> allowedPrefixes) {
        if (classNames.isEmpty()) {
            return;
        }
        for (String prefix : allowedPrefixes) {
            if (prefix.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException("Invalid GATEWAY_ALLOWED_HOOK_PREFIXES: entry '" + prefix + "' contains whitespace");
            }
        }
        if (allowedPrefixes.isEmpty()) {
            throw new ConfigException("GATEWAY_HOOK_CLASSES is set but GATEWAY_ALLOWED_HOOK_PREFIXES is empty: "
                    + "name the package prefixes hooks may come from");
        }
        for (String name : classNames) {
            if (name.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: entry '" + name + "' contains whitespace");
            }
            if (allowedPrefixes.stream().noneMatch(p -> name.equals(p) || name.startsWith(p + "."))) {
                throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: '" + name
                        + "' is not under GATEWAY_ALLOWED_HOOK_PREFIXES " + allowedPrefixes);
            }
        }
    }

    private static GatewayHook instantiate(String name, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: class '" + name + "' not found on the classpath");
        }
        if (!GatewayHook.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: '" + name + "' is not a concrete "
                    + GatewayHook.class.getName());
        }
        try {
            return (GatewayHook) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: '" + name + "' has no public no-argument constructor");
        } catch (InvocationTargetException | InstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException("Invalid GATEWAY_HOOK_CLASSES: constructing '" + name + "' failed: " + cause);
        }
    }
}
