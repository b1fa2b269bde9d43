package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Fetches the raw {@code tools/list} items of one domain (all pages). Implemented over the domain's Camel endpoint. */
@FunctionalInterface
public interface ToolLister {
    List<JsonNode> list(DomainState domain) throws Exception;
}
