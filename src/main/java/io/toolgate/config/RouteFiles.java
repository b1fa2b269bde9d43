package io.toolgate.config;

import io.toolgate.error.ConfigException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves {@code GATEWAY_ROUTES}: comma-separated file globs ({@code *} within a directory, {@code **} across
 * directories, relative to the working directory) naming the user's Camel route files. Each glob must match at least
 * one regular file, so a typo stops startup instead of silently loading nothing.
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    public static List<Path> resolve(List<String> globs) {
        List<Path> files = new ArrayList<>();
        for (String glob : globs) {
            List<Path> matched = match(glob);
            if (matched.isEmpty()) {
                throw new ConfigException("Invalid GATEWAY_ROUTES: '" + glob + "' matches no file");
            }
            matched.stream().filter(p -> !files.contains(p)).forEach(files::add);
        }
        return List.copyOf(files);
    }

    private static List<Path> match(String glob) {
        Path absolute = Path.of(glob).toAbsolutePath().normalize();
        Path base = absolute.getRoot();
        for (Path part : absolute.getRoot().relativize(absolute)) {
            if (part.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            base = base.resolve(part);
        }
        if (base.equals(absolute)) {
            return Files.isRegularFile(absolute) ? List.of(absolute) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Invalid GATEWAY_ROUTES: cannot read " + base + " (" + e.getMessage() + ")");
        }
    }
}
