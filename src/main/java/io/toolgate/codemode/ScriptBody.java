package io.toolgate.codemode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the caller's code into the body of the async function a run executes. The code runs as a function body,
 * so {@code await} and {@code return} work at top level; when the code ends with an expression statement, that
 * statement becomes {@code return (…)}, so the value of the last expression is the result. The last expression
 * statement is the longest tail of the code, starting at a line start or after a semicolon or closing brace, that
 * parses as an expression while the code before it parses as a function body. Parsing never runs code.
 */
final class ScriptBody {

    private static final String OPEN = "(async function () {\n";
    private static final String CLOSE = "\n})";

    private final Context parser;

    ScriptBody(Engine engine) {
        this.parser = SandboxRun.isolated(engine).build();
    }

    /** The code does not parse as a function body. */
    static final class SyntaxFailure extends Exception {
        private final transient ObjectNode details;

        SyntaxFailure(String message, ObjectNode details) {
            super(message, null, false, false);
            this.details = details;
        }

        ObjectNode details() {
            return details;
        }
    }

    String prepare(String code) throws SyntaxFailure {
        checkSyntax(code);
        String trimmed = stripTrailing(code);
        for (int start : candidates(trimmed)) {
            String tail = trimmed.substring(start);
            if (tail.isBlank() || !parses(OPEN + "(" + tail + "\n)" + CLOSE)) {
                continue;
            }
            String head = trimmed.substring(0, start);
            String body = head + "\n;return (" + tail + "\n);";
            if (parses(OPEN + head + CLOSE) && parses(OPEN + body + CLOSE)) {
                return body;
            }
        }
        return code;
    }

    private void checkSyntax(String code) throws SyntaxFailure {
        try {
            parser.parse(source(OPEN + code + CLOSE));
        } catch (PolyglotException e) {
            if (!e.isSyntaxError()) {
                throw e;
            }
            ObjectNode details = Json.object();
            SourceSection at = e.getSourceLocation();
            String reason = reason(e.getMessage());
            if (at != null) {
                details.put("line", Math.max(1, at.getStartLine() - 1));
                details.put("column", at.getStartColumn());
                throw new SyntaxFailure("SyntaxError: " + reason + " (line " + details.get("line") + ", column "
                        + details.get("column") + ")", details);
            }
            throw new SyntaxFailure("SyntaxError: " + reason, details);
        }
    }

    /** The parser's reason without its {@code SyntaxError: name:line:column} prefix and source excerpt. */
    private static String reason(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return first.replaceFirst("^SyntaxError: [^ ]*:\\d+:\\d+ ", "");
    }

    private boolean parses(String text) {
        try {
            parser.parse(source(text));
            return true;
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                return false;
            }
            throw e;
        }
    }

    private static Source source(String text) {
        return Source.newBuilder("js", text, "code.js").cached(false).buildLiteral();
    }

    private static String stripTrailing(String code) {
        int end = code.length();
        while (end > 0 && (Character.isWhitespace(code.charAt(end - 1)) || code.charAt(end - 1) == ';')) {
            end--;
        }
        return code.substring(0, end);
    }

    private static List<Integer> candidates(String code) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\n' || c == ';' || c == '}') {
                out.add(i + 1);
            }
        }
        return out;
    }
}
