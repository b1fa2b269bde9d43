package io.toolgate.codemode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.util.List;

/**
 * The private channel between the gateway and a code-mode worker process: one JSON object per line, the gateway
 * writing to the worker's stdin and reading its stdout (the worker's stderr carries only its own logs).
 * <ul>
 *   <li>worker → gateway {@code {"type":"ready"}} once, when its engine is warm.</li>
 *   <li>gateway → worker {@code {"type":"run","id":R,"code":"…","tools":[{"name":"…"}],"limits":{"durationMillis",
 *       "statements","nestedCalls","concurrentCalls","recursionDepth"}}}. One run at a time per worker.</li>
 *   <li>worker → gateway {@code {"type":"call","run":R,"call":N,"tool":"…","arguments":{…}}} for each nested tool
 *       call (N counts from 1 within the run); gateway → worker {@code {"type":"result","run":R,"call":N,"ok":true,
 *       "value":…}} or {@code "ok":false,"error":{"code","message","details"}}. Results of another run are ignored.</li>
 *   <li>worker → gateway {@code {"type":"done","run":R,"ok":true,"value":…,"logs":["…"]}} or {@code "ok":false,
 *       "error":{"code","message","details"},"logs":[…]}; the code is one of the constants below.</li>
 * </ul>
 * A worker that reports {@link #RESOURCE_LIMIT} may exit right after; the gateway retires it either way.
 */
public final class WorkerProtocol {

    public static final String READY = "ready";
    public static final String RUN = "run";
    public static final String CALL = "call";
    public static final String RESULT = "result";
    public static final String DONE = "done";

    /** The code does not parse; details {@code line}, {@code column} (1-based, in the caller's code). */
    public static final String SYNTAX_ERROR = "syntax_error";
    /** The run took longer than its duration limit. */
    public static final String TIMEOUT = "timeout";
    /** The run started more nested tool calls than its limit allows. */
    public static final String NESTED_CALL_LIMIT = "nested_call_limit";
    /** The code nested function calls too deeply. */
    public static final String RECURSION_LIMIT = "recursion_limit";
    /** The run exhausted the worker's memory or its statement budget, or the worker died. */
    public static final String RESOURCE_LIMIT = "resource_limit";
    /** A nested tool call failed and the code did not catch it; details {@code tool}, {@code code}, {@code details}. */
    public static final String TOOL_ERROR = "tool_error";
    /** Any other uncaught JavaScript error; the message is the script's, never a Java stack trace. */
    public static final String SANDBOX_ERROR = "sandbox_error";

    private WorkerProtocol() {
    }

    static ObjectNode ready() {
        return message(READY);
    }

    static ObjectNode run(long id, String code, List<String> tools, RunLimits limits) {
        ObjectNode o = message(RUN);
        o.put("id", id);
        o.put("code", code);
        tools.forEach(t -> o.withArray("tools").addObject().put("name", t));
        o.set("limits", limits.toJson());
        return o;
    }

    static ObjectNode call(long run, int call, String tool, JsonNode arguments) {
        ObjectNode o = message(CALL);
        o.put("run", run);
        o.put("call", call);
        o.put("tool", tool);
        o.set("arguments", arguments);
        return o;
    }

    static ObjectNode resultOk(long run, int call, JsonNode value) {
        ObjectNode o = result(run, call, true);
        o.set("value", value);
        return o;
    }

    static ObjectNode resultError(long run, int call, String code, String message, ObjectNode details) {
        ObjectNode o = result(run, call, false);
        o.set("error", error(code, message, details));
        return o;
    }

    static ObjectNode error(String code, String message, ObjectNode details) {
        ObjectNode e = Json.object();
        e.put("code", code);
        e.put("message", message);
        e.set("details", details);
        return e;
    }

    private static ObjectNode result(long run, int call, boolean ok) {
        ObjectNode o = message(RESULT);
        o.put("run", run);
        o.put("call", call);
        o.put("ok", ok);
        return o;
    }

    private static ObjectNode message(String type) {
        ObjectNode o = Json.object();
        o.put("type", type);
        return o;
    }
}
