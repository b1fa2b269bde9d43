package io.toolgate.meta;

import io.toolgate.hooks.GatewayUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The audit record of one {@code execute_code} run, logged at INFO under {@code io.toolgate.audit.code} whatever the
 * outcome: a run id, the code's SHA-256, size and lines, the user, the tools called, the step count, the duration and
 * the outcome. The code itself only at DEBUG, and only with {@code GATEWAY_CODE_MODE_AUDIT_VERBATIM=true}.
 */
final class CodeAudit {

    private static final Logger LOG = LoggerFactory.getLogger("io.toolgate.audit.code");

    private final String id = UUID.randomUUID().toString();
    private final String sha256;
    private final int bytes;
    private final long lines;
    private final String subject;
    private final long started = System.nanoTime();

    CodeAudit(String code, GatewayUser user, boolean verbatim) {
        byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        this.sha256 = sha256(utf8);
        this.bytes = utf8.length;
        this.lines = code.chars().filter(c -> c == '\n').count() + (code.endsWith("\n") ? 0 : 1);
        this.subject = user == null ? null : user.subject();
        if (verbatim && LOG.isDebugEnabled()) {
            LOG.debug("code_mode.code_body code_session_id={} code={}", id, code);
        }
    }

    /** Logs the record; {@code outcome} is {@code ok} or the error code. */
    void done(List<String> invoked, String outcome) {
        LOG.info("code_mode.invoked code_session_id={} code_sha256={} code_byte_len={} code_line_count={} user_subject={}"
                        + " step_count={} tool_names_invoked={} duration_ms={} outcome={}", id, sha256, bytes, lines,
                subject, invoked.size(), invoked, String.format("%.2f", (System.nanoTime() - started) / 1e6), outcome);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
