package io.toolgate.upstream;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process a stdio upstream runs, in the shape desktop MCP clients configure it.
 *
 * @param command the program, looked up on {@code PATH} when it has no slash
 * @param args    its arguments
 * @param env     the variables the child gets besides {@code PATH}, {@code HOME} and the locale; nothing else of the
 *                gateway's environment reaches it
 * @param cwd     its working directory, or null for the gateway's
 */
public record StdioCommand(String command, List<String> args, Map<String, String> env, Path cwd) {

    /** The command line without the environment, whose values may be secrets. */
    @Override
    public String toString() {
        return args.isEmpty() ? command : command + " " + String.join(" ", args);
    }
}
