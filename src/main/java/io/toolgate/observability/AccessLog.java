package io.toolgate.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Locale;

/**
 * One INFO line per {@code /mcp} request under logger {@value #LOGGER}: method, tool, domain, outcome, error code,
 * duration and subject, as text and as key-value pairs (fields of their own with {@code GATEWAY_LOG_FORMAT=json}).
 * Arguments and results never appear here; neither do the messages of refused requests (they may echo input).
 */
public final class AccessLog implements McpRequestListener {

    public static final String LOGGER = "io.toolgate.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void refused(String httpMethod, int status, String subject) {
        LOG.atInfo().addKeyValue("http_method", httpMethod).addKeyValue("outcome", "refused")
                .addKeyValue("status", status).addKeyValue("subject", subject)
                .log("{} /mcp refused status={} subject={}", httpMethod, status, subject == null ? "-" : subject);
    }

    @Override
    public void requestDone(McpRequestRecord r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String duration = String.format(Locale.ROOT, "%.1f", r.durationMillis());
        StringBuilder line = new StringBuilder(96).append(r.method());
        LoggingEventBuilder event = LOG.atInfo().addKeyValue("method", r.method());
        if (r.tool() != null) {
            line.append(" tool=").append(r.tool());
            event = event.addKeyValue("tool", r.tool());
        }
        if (r.domain() != null) {
            line.append(" domain=").append(r.domain());
            event = event.addKeyValue("domain", r.domain());
        }
        line.append(" outcome=").append(r.outcome());
        event = event.addKeyValue("outcome", r.outcome());
        if (r.errorCode() != null) {
            line.append(" code=").append(r.errorCode());
            event = event.addKeyValue("code", r.errorCode());
        }
        line.append(" ms=").append(duration);
        event = event.addKeyValue("duration_ms", Double.parseDouble(duration));
        line.append(" subject=").append(r.subject() == null ? "-" : r.subject());
        event = event.addKeyValue("subject", r.subject());
        if (r.sessionId() != null) {
            // a prefix tells requests of one session apart without writing a usable session id to the log
            String session = r.sessionId().substring(0, Math.min(8, r.sessionId().length()));
            line.append(" session=").append(session);
            event = event.addKeyValue("session", session);
        }
        event.log(line.toString());
    }
}
