package io.toolgate.testing;

import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.model.ToDynamicDefinition;

/**
 * Advice for the route {@code upstream-call}: the call to the endpoint bound to the tool's domain (its {@code toD})
 * goes to {@link #URI} instead, after the request was prepared and before the answer is shaped.
 */
public class MockUpstreamAdvice extends AdviceWithRouteBuilder {

    public static final String URI = "mock:upstream";

    @Override
    public void configure() {
        weaveByType(ToDynamicDefinition.class).replace().to(URI);
    }
}
