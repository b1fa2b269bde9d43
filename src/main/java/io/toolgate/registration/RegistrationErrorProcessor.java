package io.toolgate.registration;

import io.toolgate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a failed {@code /registry/servers} request: a {@link RegistrationException}'s status, body and
 * {@code Retry-After}; anything else as 500 {@code internal_error} (logged, details not returned).
 */
public final class RegistrationErrorProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationErrorProcessor.class);

    @Override
    public void process(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (e instanceof RegistrationException r) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, r.status());
            if (r.retryAfterSeconds() > 0) {
                out.setHeader("Retry-After", String.valueOf(r.retryAfterSeconds()));
            }
            out.setBody(Json.write(r.body()));
        } else {
            LOG.error("Registration request failed in route {}", exchange.getFromRouteId(), e);
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            out.setBody(Json.write(RegistrationException.body("internal_error", "The gateway failed to handle this request")));
        }
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
