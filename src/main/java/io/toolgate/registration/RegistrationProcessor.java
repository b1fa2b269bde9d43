package io.toolgate.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.regex.Pattern;

/**
 * One step of the {@code /registry/servers} routes (their callers were authenticated by {@link RegistrationGate}
 * before the body was read): parses the request, calls the {@link Registrar} and writes the 200 JSON answer. Failures
 * are {@link RegistrationException}s, written by {@link RegistrationErrorProcessor}.
 */
public final class RegistrationProcessor implements Processor {

    /** What a step does, and the bean name the routes use for it. */
    public enum Action {
        REGISTER("registerServer"), DEREGISTER("deregisterServer"),
        LIST("listServers"), REFRESH("refreshServer");

        private final String beanName;

        Action(String beanName) {
            this.beanName = beanName;
        }

        public String beanName() {
            return beanName;
        }
    }

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private final Registrar registrar;
    private final Action action;

    public RegistrationProcessor(Registrar registrar, Action action) {
        this.registrar = registrar;
        this.action = action;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        JsonNode answer = switch (action) {
            case REGISTER -> registrar.register(RegistrationRequest.parse(in.getBody(String.class)));
            case DEREGISTER -> registrar.deregister(in.getHeader("domain", String.class));
            case LIST -> registrar.list();
            case REFRESH -> refresh(in);
        };
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(Json.write(answer));
    }

    private JsonNode refresh(Message in) throws RegistrationException {
        JsonNode body = RegistrationRequest.object(in.getBody(String.class));
        JsonNode domain = body.get("domain");
        if (domain == null || !domain.isTextual()) {
            throw RegistrationRequest.badRequest("'domain' (string) is required in body");
        }
        String digest = in.getHeader("expected_digest", String.class);
        if (digest == null) {
            throw RegistrationRequest.badRequest("'expected_digest' query parameter is required");
        }
        if (!DIGEST.matcher(digest).matches()) {
            throw RegistrationRequest.badRequest("'expected_digest' must be a 64-char lowercase hex string");
        }
        return registrar.refresh(domain.textValue(), digest);
    }
}
