package io.toolgate;

import io.toolgate.codemode.RunLimits;
import io.toolgate.codemode.WorkerPool;
import io.toolgate.config.CodeModeSettings;
import io.toolgate.error.GatewayException;
import io.toolgate.hooks.HookChain;
import io.toolgate.hooks.Visibility;
import io.toolgate.meta.ExecuteCodeProcessor;
import io.toolgate.registry.ToolRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * Binds the processor of route {@code meta-execute-code}. With {@code GATEWAY_CODE_MODE=true}: warm worker processes
 * (their own JVMs, the gateway's classpath, a heap of {@code GATEWAY_CODE_MODE_MAX_MEMORY}), ended with the gateway.
 * Otherwise the route refuses, although it is never reached: {@code execute_code} is then neither listed nor decoded.
 */
final class CodeModeWiring {

    static final String BEAN = "executeCode";
    private static final Logger LOG = LoggerFactory.getLogger(CodeModeWiring.class);

    private CodeModeWiring() {
    }

    /** @return whether code mode can run code at once: always with code mode off, else once a worker is warm */
    static BooleanSupplier bind(CamelContext context, Registry beans, CodeModeSettings settings, ToolRegistry registry,
                                Visibility visibility, HookChain hooks) throws Exception {
        if (!settings.enabled()) {
            beans.bind(BEAN, (Processor) exchange -> {
                throw new GatewayException("tool_not_found", "Code mode is off (GATEWAY_CODE_MODE)", null);
            });
            return () -> true;
        }
        WorkerPool pool = new WorkerPool(settings.workers(), settings.maxMemoryBytes(),
                System.getProperty("java.class.path"), settings.workers() * settings.maxConcurrentCalls());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                pool.close();
            }
        }, true);
        RunLimits limits = new RunLimits(settings.maxDurationMillis(), settings.maxStatements(),
                settings.maxNestedCalls(), settings.maxConcurrentCalls(), settings.maxRecursionDepth());
        beans.bind(BEAN, new ExecuteCodeProcessor(registry, visibility, hooks, pool, limits, settings.maxResultBytes(),
                settings.auditVerbatim(), context.createProducerTemplate(), context.getEndpoint("direct:meta-execute-tool")));
        LOG.info("Code mode on: {} worker process(es) of {} MiB, runs of at most {} ms and {} tool calls",
                settings.workers(), settings.maxMemoryBytes() / (1024 * 1024), settings.maxDurationMillis(),
                settings.maxNestedCalls());
        return pool::warm;
    }
}
