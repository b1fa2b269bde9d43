package io.toolgate;

import io.toolgate.config.ConfigReader;
import io.toolgate.config.Defaults;
import io.toolgate.config.GatewayConfig;
import io.toolgate.config.ServerSettings;
import io.toolgate.error.ConfigException;
import io.toolgate.auth.JwksKeySource;
import io.toolgate.auth.JwtAuthenticator;
import io.toolgate.auth.JwtSettings;
import io.toolgate.auth.ProtectedResource;
import io.toolgate.auth.ProtectedResourceMetadataProcessor;
import io.toolgate.examples.ExampleTools;
import io.toolgate.federation.Federation;
import io.toolgate.federation.FederationProcessor;
import io.toolgate.federation.UpstreamEvents;
import io.toolgate.health.ReadinessProcessor;
import io.toolgate.http.ConnectionLimits;
import io.toolgate.http.GatewayHttpServer;
import io.toolgate.hooks.GatewayHook;
import io.toolgate.hooks.HookChain;
import io.toolgate.hooks.HookLoader;
import io.toolgate.hooks.HookProcessor;
import io.toolgate.hooks.OutputGuardHook;
import io.toolgate.hooks.RouteExtensionHook;
import io.toolgate.hooks.Visibility;
import io.toolgate.mcp.DiscoverProcessor;
import io.toolgate.mcp.Exposure;
import io.toolgate.mcp.InitializeProcessor;
import io.toolgate.mcp.JsonRpcErrorProcessor;
import io.toolgate.mcp.JsonRpcResultProcessor;
import io.toolgate.mcp.McpHttpHandler;
import io.toolgate.mcp.ClientSessions;
import io.toolgate.mcp.SuspendedRequests;
import io.toolgate.mcp.ListenSubscriptionsProcessor;
import io.toolgate.mcp.Tasks;
import io.toolgate.mcp.TasksProcessor;
import io.toolgate.mcp.ParamHeadersProcessor;
import io.toolgate.mcp.SetLevelProcessor;
import io.toolgate.mcp.ToolCallDecoderProcessor;
import io.toolgate.mcp.ToolListChanges;
import io.toolgate.mcp.ToolsListProcessor;
import io.toolgate.meta.DiscoverToolsProcessor;
import io.toolgate.meta.ExecuteResultProcessor;
import io.toolgate.meta.GetToolSchemaProcessor;
import io.toolgate.meta.LearnFromUseProcessor;
import io.toolgate.meta.RefreshRegistryProcessor;
import io.toolgate.meta.RestoreCallerHeadersProcessor;
import io.toolgate.meta.RethrowProcessor;
import io.toolgate.meta.ResolveToolProcessor;
import io.toolgate.meta.ToolFailureProcessor;
import io.toolgate.meta.UpstreamRequestProcessor;
import io.toolgate.meta.UpstreamResultProcessor;
import io.toolgate.meta.ValidateArgumentsProcessor;
import io.toolgate.observability.OperatorToken;
import io.toolgate.registration.HeaderGuard;
import io.toolgate.registration.Registrar;
import io.toolgate.registration.RegistrationAuthenticator;
import io.toolgate.registration.RegistrationErrorProcessor;
import io.toolgate.registration.RegistrationGate;
import io.toolgate.registration.RegistrationProcessor;
import io.toolgate.registration.RegistrationSettings;
import io.toolgate.registration.RegistrationStore;
import io.toolgate.registration.UrlGuard;
import io.toolgate.registry.DomainHealth;
import io.toolgate.registry.DomainState;
import io.toolgate.registry.RegistryRefreshProcessor;
import io.toolgate.registry.RegistryRefresher;
import io.toolgate.registry.SchemaNormalizer;
import io.toolgate.registry.ToolEntry;
import io.toolgate.registry.ToolRegistry;
import io.toolgate.search.FeedbackStore;
import io.toolgate.search.MiniLmEmbedder;
import io.toolgate.search.Ranking;
import io.toolgate.search.SearchFeedback;
import io.toolgate.search.SearchMode;
import io.toolgate.search.ToolSearch;
import io.toolgate.search.ToolVectors;
import io.toolgate.search.VectorStore;
import io.toolgate.upstream.EndpointToolLister;
import io.toolgate.upstream.UpstreamClients;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the gateway's beans from {@link GatewayConfig} and binds them under the names the YAML routes use, then mounts
 * the MCP endpoint on Camel's platform-http router once the context has started.
 */
public class GatewayWiring implements CamelConfiguration {

    public static final String CONFIG_BEAN = "gatewayConfig";
    public static final String HTTP_SERVER_BEAN = "httpServer";
    /**
     * Stateless requests that may wait for their clients' input at once: each holds one of the threads requests are
     * dispatched on (see {@link McpHttpHandler#register}), so at most half of them are held by clients that may never
     * come back.
     */
    private static final int MAX_SUSPENDED_REQUESTS = 100;
    /** Tasks that may run at once; each also holds a dispatch thread while its upstream call runs. */
    private static final int MAX_RUNNING_TASKS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayWiring.class);

    /**
     * Binds the beans of the registration routes and returns the gate that authenticates their callers. When
     * registration is off the beans are bound all the same (the routes exist but never start, so their paths answer
     * 404) and there is no gate (null).
     */
    private static RegistrationGate bindRegistration(CamelContext context, Registry beans, RegistrationSettings settings,
                                                     RegistrationStore store, Registrar registrar) throws Exception {
        RegistrationGate gate = null;
        if (settings != null) {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    store.close();
                }
            }, true);
            JwtAuthenticator jwt = settings.jwt() == null ? null : new JwtAuthenticator(settings.jwt(), null, Clock.systemUTC());
            gate = new RegistrationGate(new RegistrationAuthenticator(settings.token(), jwt));
            try {
                int restored = registrar.restore();
                LOG.info("Registration API on ({}); {} registration(s) restored from {}",
                        settings.token() != null ? "static token" : "JWT, issuer " + settings.jwt().issuer(), restored,
                        store.description());
            } catch (SQLException e) {
                throw new ConfigException("Cannot open the registration database (" + store.description() + "): "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        for (RegistrationProcessor.Action a : RegistrationProcessor.Action.values()) {
            beans.bind(a.beanName(), new RegistrationProcessor(registrar, a));
        }
        beans.bind("registrationError", new RegistrationErrorProcessor());
        return gate;
    }

    /**
     * Search over the registry; in hybrid mode the model is loaded and the tools embedded on a thread of their own after
     * start-up, with vectors cached in the gateway's database when there is one.
     */
    private ToolSearch toolSearch(CamelContext context, GatewayConfig config, ToolRegistry registry) {
        boolean hybrid = config.tools().search() == SearchMode.HYBRID;
        SearchFeedback feedback = new SearchFeedback(config.database() == null ? null : new FeedbackStore(config.database()),
                backgroundThread(context, "toolgate-search-feedback"), System::currentTimeMillis);
        feedback.load(hybrid ? MiniLmEmbedder.MODEL : null);
        if (!hybrid) {
            LOG.info("Search: lexical (GATEWAY_SEARCH=lexical), no model loaded");
            return new ToolSearch(registry, null, feedback, Ranking.Params.DEFAULT);
        }
        ToolVectors vectors = new ToolVectors(MiniLmEmbedder::new,
                config.database() == null ? null : new VectorStore(config.database()),
                backgroundThread(context, "toolgate-search-vectors"));
        ToolSearch search = new ToolSearch(registry, vectors, feedback, Ranking.Params.DEFAULT);
        vectors.start();
        return search;
    }

    /**
     * A single daemon thread for work nobody waits for (embedding, storing what search learned): stopping the gateway
     * interrupts it instead of waiting, since a model load or an embedding in native code cannot be interrupted.
     */
    private static ExecutorService backgroundThread(CamelContext context, String name) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext ctx) {
                executor.shutdownNow();
            }
        });
        return executor;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry beans = context.getRegistry();
        GatewayConfig bound = beans.lookupByNameAndType(CONFIG_BEAN, GatewayConfig.class);
        GatewayConfig config = bound != null ? bound
                : GatewayConfig.load(ConfigReader.lookup(context.getPropertiesComponent().loadProperties()));
        if (bound == null) {
            beans.bind(CONFIG_BEAN, config);
        }
        config.upstreams().skipped().forEach(skip -> LOG.warn(skip.message()));
        ServerSettings.Connections connections = config.server().connections();
        GatewayHttpServer httpServer = new GatewayHttpServer(config.server().host(), config.server().port(),
                new ConnectionLimits(connections.requestReadTimeoutMillis(), connections.idleTimeoutMillis(),
                        connections.sseKeepAliveMillis(), connections.maxConnections()));
        beans.bind(HTTP_SERVER_BEAN, httpServer);
        context.addService(httpServer, true, true);
        List<GatewayHook> javaHooks = HookLoader.load(config.hooks().classNames(), config.hooks().allowedPrefixes(),
                Thread.currentThread().getContextClassLoader());
        String version = GatewayMain.version();

        List<DomainState> domains = config.upstreams().specs().stream()
                .map(u -> new DomainState(u.domain(), u.endpointUri(), config.upstreams().domainDescriptions().get(u.domain())))
                .toList();
        ToolRegistry registry = new ToolRegistry(domains, config.tools().naming(), config.server().instructions());
        RegistrationSettings registration = config.registration();
        UrlGuard urlGuard = registration == null
                ? new UrlGuard(Defaults.URL_GUARD_ALLOW_PRIVATE_RANGES, Defaults.URL_GUARD_DNS_TIMEOUT_MILLIS)
                : new UrlGuard(registration.allowPrivateRanges(), registration.dnsTimeoutMillis());
        UpstreamClients upstreams = new UpstreamClients(config.upstreams().specs(), config.upstreams().registryAuthToken(),
                config.upstreams().timeoutMillis(), config.upstreams().maxResponseBytes(), version, urlGuard.connectGuard(),
                context.getExecutorServiceManager().newCachedThreadPool(this, "toolgate-upstream-relay"),
                context.getExecutorServiceManager().newCachedThreadPool(this, "toolgate-upstream-events"));
        ExecutorService refreshPool = context.getExecutorServiceManager().newFixedThreadPool(this,
                "toolgate-registry-refresh", Math.max(2, Math.min(16, config.upstreams().specs().size())));
        RegistryRefresher refresher = new RegistryRefresher(registry,
                new EndpointToolLister(context.createProducerTemplate()),
                new SchemaNormalizer(config.tools().maxSchemaDepth()), config.upstreams().accessPolicy(),
                config.tools().schemaPinning(), refreshPool, config.upstreams().timeoutMillis() + 5_000);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                // ends upstream sessions and event streams before Camel shuts the threads that read them down
                upstreams.close();
            }
        }, true);
        ClientSessions sessions = new ClientSessions(config.server().maxSessions(),
                config.server().sessionIdleMillis(), Clock.systemUTC());
        beans.bind("mcpSessions", sessions);
        Federation federation = new Federation(upstreams, config.upstreams().accessPolicy(), config.tools().naming());
        if (config.tools().exposure() != Exposure.META) {
            registry.onSwap(new ToolListChanges(sessions));
        }
        OutputGuardHook.Mode outputGuard = config.hooks().outputGuard();
        List<GatewayHook> configured = new ArrayList<>();
        if (outputGuard != null) {
            configured.add(new OutputGuardHook(outputGuard));
        }
        configured.addAll(javaHooks);
        HookChain hooks = new HookChain(configured);
        Visibility visibility = new Visibility(hooks);
        for (Path file : config.hooks().routeFiles()) {
            LOG.info("Loading routes from {}", file);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:" + file));
        }

        beans.bind("toolRegistry", registry);
        beans.bind("upstreamClients", upstreams);
        RegistrationStore store = registration == null ? null : new RegistrationStore(config.database());
        RegistrationGate registrationGate = bindRegistration(context, beans, registration, store, new Registrar(registry, upstreams, refresher, urlGuard,
                new HeaderGuard(registration == null ? Set.of() : registration.allowedHeaders()),
                store, config.upstreams().forwardHeaders(), Clock.systemUTC()));
        beans.bind("registryRefresh", new RegistryRefreshProcessor(refresher, registry,
                new StartupSummary(config, httpServer::getPort)::log));
        ToolSearch search = toolSearch(context, config, registry);
        beans.bind("toolSearch", search);
        beans.bind("learnFromUse", new LearnFromUseProcessor(search));
        beans.bind("mcpInitialize", new InitializeProcessor(sessions, registry, config.server().name(), version,
                config.tools().exposure()));
        beans.bind("mcpSetLevel", new SetLevelProcessor(sessions));
        beans.bind("mcpParamHeaders", new ParamHeadersProcessor(registry));
        beans.bind("mcpDiscover", new DiscoverProcessor(registry, config.server().name(), version, config.tools().exposure()));
        for (FederationProcessor.Method m : FederationProcessor.Method.values()) {
            beans.bind(m.beanName(), new FederationProcessor(federation, sessions, m));
        }
        boolean codeMode = config.codeMode().enabled();
        beans.bind("mcpToolsList", new ToolsListProcessor(registry, visibility, config.tools().exposure(),
                config.tools().directMaxTools(), codeMode));
        beans.bind("mcpToolCallDecoder", new ToolCallDecoderProcessor(config.tools().exposure(), codeMode));
        beans.bind("readiness", new ReadinessProcessor(registry, search,
                CodeModeWiring.bind(context, beans, config.codeMode(), registry, visibility, hooks),
                () -> DomainHealth.of(registry.snapshot(), refresher.listing()),
                new OperatorToken(config.observability().operatorToken())));
        beans.bind("jsonRpcResult", new JsonRpcResultProcessor());
        beans.bind("jsonRpcError", new JsonRpcErrorProcessor());
        beans.bind("discoverTools", new DiscoverToolsProcessor(registry, visibility, search));
        beans.bind("getToolSchema", new GetToolSchemaProcessor(registry, visibility));
        beans.bind("resolveTool", new ResolveToolProcessor(registry, visibility, false));
        beans.bind("resolveDirectTool", new ResolveToolProcessor(registry, visibility, true));
        beans.bind("hookAuthenticate", new HookProcessor(hooks, HookProcessor.Stage.AUTHENTICATE));
        HookChain java = hooks.javaHooks();
        HookChain yaml = hooks.extensionRoutes();
        beans.bind("hookBeforeExecute", new HookProcessor(hooks, java, HookProcessor.Stage.BEFORE_EXECUTE));
        beans.bind("hookRouteBeforeExecute", new HookProcessor(hooks, yaml, HookProcessor.Stage.BEFORE_EXECUTE));
        beans.bind("hookOnError", new HookProcessor(hooks, java, HookProcessor.Stage.ON_ERROR));
        beans.bind("hookRouteOnError", new HookProcessor(hooks, yaml, HookProcessor.Stage.ON_ERROR));
        beans.bind("rethrow", new RethrowProcessor());
        beans.bind("hookTransformResult", new HookProcessor(hooks, java, HookProcessor.Stage.TRANSFORM_RESULT));
        beans.bind("hookAfterExecute", new HookProcessor(hooks, java, HookProcessor.Stage.AFTER_EXECUTE));
        beans.bind("hookRouteAfterExecute", new HookProcessor(hooks, yaml, HookProcessor.Stage.AFTER_EXECUTE));
        beans.bind("validateArguments", new ValidateArgumentsProcessor(registry));
        beans.bind("upstreamRequest", new UpstreamRequestProcessor(upstreams, context));
        beans.bind("upstreamResult", new UpstreamResultProcessor());
        beans.bind("restoreCallerHeaders", new RestoreCallerHeadersProcessor());
        beans.bind("executeResult", new ExecuteResultProcessor(config.tools().resultEnvelope()));
        beans.bind("refreshRegistryResult", new RefreshRegistryProcessor(registry));
        beans.bind("toolFailure", new ToolFailureProcessor());
        beans.bind("exampleTools", new ExampleTools(config.upstreams().examplesFetchPrivate()));

        long refreshInterval = config.upstreams().refreshIntervalMillis();
        context.getPropertiesComponent().addOverrideProperty("gateway.refresh-enabled", String.valueOf(refreshInterval > 0));
        context.getPropertiesComponent().addOverrideProperty("gateway.refresh-delay-ms",
                String.valueOf(refreshInterval > 0 ? refreshInterval : 60_000));

        JwtAuthenticator auth = null;
        ProtectedResource protectedResource = null;
        if (config.jwt() != null) {
            JwtSettings jwt = config.jwt();
            auth = new JwtAuthenticator(jwt, jwt.jwksUrl() == null ? null : new JwksKeySource(jwt.jwksUrl()), Clock.systemUTC());
            protectedResource = new ProtectedResource(jwt, config.server().name());
            LOG.info("Inbound JWT authentication on: issuer {}, audience {}, keys from {}", jwt.issuer(), jwt.audience(),
                    jwt.jwksUrl() != null ? jwt.jwksUrl() : "GATEWAY_JWT_PUBLIC_KEY");
        }
        beans.bind("protectedResourceMetadata", new ProtectedResourceMetadataProcessor(protectedResource));
        context.getPropertiesComponent().addOverrideProperty("gateway.jwt-enabled", String.valueOf(auth != null));
        context.getPropertiesComponent().addOverrideProperty("gateway.registration-enabled", String.valueOf(registration != null));
        SuspendedRequests suspended = new SuspendedRequests(MAX_SUSPENDED_REQUESTS);
        Tasks tasks = new Tasks(Clock.systemUTC(), MAX_RUNNING_TASKS);
        beans.bind("mcpTasks", new TasksProcessor(tasks));
        ProducerTemplate mcpTemplate = context.createProducerTemplate();
        beans.bind("mcpListenSubscriptions", new ListenSubscriptionsProcessor(mcpTemplate));
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext ctx) {
                // requests waiting for clients, and tasks, would otherwise hold the graceful shutdown until its timeout
                suspended.abandonAll();
                tasks.cancelAll();
            }
        });
        McpHttpHandler mcp = new McpHttpHandler(mcpTemplate, sessions, suspended, tasks,
                name -> {
                    ToolEntry tool = registry.snapshot().tools().get(name);
                    return tool == null ? null : tool.tool().descriptor();
                }, config.server().allowedOrigins(),
                config.server().allowedHosts(), config.server().maxBodyBytes(), auth, protectedResource,
                hooks,
                config.upstreams().timeoutMillis(), config.tools().exposure(),
                ObservabilityWiring.requestListener(config.observability()));
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // the platform-http router exists only once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                VertxPlatformHttpRouter router = ctx.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
                if (router == null) {
                    throw new IllegalStateException("No platform-http router: the HTTP server did not start");
                }
                RouteExtensionHook routeHook = RouteExtensionHook.find(ctx);
                if (routeHook != null) {
                    hooks.append(routeHook);
                }
                LOG.info("Hooks: output guard {}, {} Java hook(s) {}, YAML extension points {}",
                        outputGuard == null ? "off" : outputGuard.name().toLowerCase(Locale.ROOT),
                        javaHooks.size(), javaHooks.stream().map(h -> h.getClass().getName()).toList(),
                        routeHook == null ? "[]" : routeHook.points());
                if (registrationGate != null) {
                    // ahead of the platform-http routes, which read the body first
                    router.route(RegistrationGate.PATHS).order(-1).handler(registrationGate);
                }
                mcp.register(router, router.vertx());
                upstreams.onEvent(new UpstreamEvents(refresher, refreshPool, sessions, federation));
            }
        });
    }
}
