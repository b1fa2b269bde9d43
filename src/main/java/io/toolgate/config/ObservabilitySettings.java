package io.toolgate.config;

/**
 * What the gateway tells operators about itself.
 *
 * @param logFormat     {@code text} or {@code json}: one JSON object per log line ({@code GATEWAY_LOG_FORMAT})
 * @param accessLog     whether every {@code /mcp} request is logged at INFO ({@code GATEWAY_ACCESS_LOG})
 * @param operatorToken the bearer token operator endpoints require ({@code GATEWAY_OPERATOR_TOKEN}), or null when
 *                      they are open to whoever reaches the gateway's address
 */
public record ObservabilitySettings(String logFormat, boolean accessLog, String operatorToken) {

    @Override
    public String toString() {
        return "ObservabilitySettings[logFormat=" + logFormat + ", accessLog=" + accessLog + ", operatorToken="
                + (operatorToken == null ? "unset" : "***") + "]";
    }
}
