package io.toolgate.auth;

import io.toolgate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.net.URI;

/** Answers {@code GET /.well-known/oauth-protected-resource[/mcp]} with the RFC 9728 metadata document. */
public final class ProtectedResourceMetadataProcessor implements Processor {

    private final ProtectedResource resource;

    public ProtectedResourceMetadataProcessor(ProtectedResource resource) {
        this.resource = resource;
    }

    @Override
    public void process(Exchange exchange) {
        String url = exchange.getMessage().getHeader(Exchange.HTTP_URL, String.class);
        String authority = url == null ? null : URI.create(url).getRawAuthority();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.write(resource.metadata(authority)));
    }
}
