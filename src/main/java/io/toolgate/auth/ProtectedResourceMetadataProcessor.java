package io.toolgate.auth;

import io.toolgate.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Answers {@code GET /.well-known/oauth-protected-resource[/mcp]} with the RFC 9728 metadata document. */
public final class ProtectedResourceMetadataProcessor implements Processor {

    private final ProtectedResource resource;

    public ProtectedResourceMetadataProcessor(ProtectedResource resource) {
        this.resource = resource;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(resource.metadata(exchange.getMessage().getHeader("Host", String.class))));
    }
}
