package io.toolgate.registration;

import io.toolgate.upstream.UpstreamException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SSRF guard for registered upstreams. {@link #check} validates a URL before anything is sent to it:
 * http(s) only, a host other than {@code localhost}, no {@code ..} segment, a valid port, a name that resolves within the
 * DNS timeout, and no resolved address in {@link DeniedRanges} unless private ranges are allowed; plain http only when
 * every address is private. {@link #connectGuard} repeats the address check for every request the upstream client
 * sends, so a name that later resolves elsewhere (DNS rebinding) is refused at connect time as well.
 */
public final class UrlGuard {

    /** Resolves a host name; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivateRanges;
    private final long dnsTimeoutMillis;
    private final Resolver resolver;
    private final ExecutorService dns = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "toolgate-url-guard-dns");
        t.setDaemon(true);
        return t;
    });

    public UrlGuard(boolean allowPrivateRanges, long dnsTimeoutMillis, Resolver resolver) {
        this.allowPrivateRanges = allowPrivateRanges;
        this.dnsTimeoutMillis = dnsTimeoutMillis;
        this.resolver = resolver;
    }

    public UrlGuard(boolean allowPrivateRanges, long dnsTimeoutMillis) {
        this(allowPrivateRanges, dnsTimeoutMillis, InetAddress::getAllByName);
    }

    public boolean allowsPrivateRanges() {
        return allowPrivateRanges;
    }

    /** The URL, parsed, when a registration may use it. */
    public URI check(String url) throws UrlRejectedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new UrlRejectedException("URL is not valid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRejectedException("URL scheme must be http or https");
        }
        String bare = bareHost(uri);
        if (bare == null || bare.isEmpty()) {
            throw new UrlRejectedException("URL has no valid host and port");
        }
        if (isLocalhost(bare)) {
            throw new UrlRejectedException("URL host 'localhost' is not allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals("..")) {
                throw new UrlRejectedException("URL path must not contain '..'");
            }
        }
        if (uri.getPort() > 65535) {
            throw new UrlRejectedException("URL port is not valid");
        }
        String refusal = refusal(scheme, resolve(bare));
        if (refusal != null) {
            throw new UrlRejectedException(refusal);
        }
        return uri;
    }

    /** The URI's host without IPv6 brackets, or null. */
    private static String bareHost(URI uri) {
        String host = uri.getHost();
        return host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLocalhost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.");
    }

    /** Why these addresses may not be used with this scheme, or null when they may. */
    private String refusal(String scheme, InetAddress[] addresses) {
        boolean allPrivate = true;
        for (InetAddress a : addresses) {
            boolean denied = DeniedRanges.contains(a);
            if (denied && !allowPrivateRanges) {
                return "URL host resolves to a private, loopback, link-local or reserved address";
            }
            allPrivate &= denied;
        }
        return scheme.equals("http") && !allPrivate ? "plain http is allowed only for private addresses; use https" : null;
    }

    private InetAddress[] resolve(String host) throws UrlRejectedException {
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return resolver.resolve(host);
            } catch (UnknownHostException e) {
                return new InetAddress[0];
            }
        }, dns);
        try {
            InetAddress[] out = lookup.get(dnsTimeoutMillis, TimeUnit.MILLISECONDS);
            if (out == null || out.length == 0) {
                throw new UrlRejectedException("URL host does not resolve");
            }
            return out;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UrlRejectedException("URL host did not resolve within " + dnsTimeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new UrlRejectedException("URL host does not resolve");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrlRejectedException("interrupted");
        }
    }

    /**
     * A proxy selector (always "no proxy") for the HTTP client of registered upstreams that re-checks the addresses of
     * every request's host first, with the rules of {@link #check}. The JVM caches a name's addresses (30 s by default,
     * {@code networkaddress.cache.ttl}) and the connection that follows reads the same cache entry, so what was checked
     * is what gets connected to. A refused address fails the request with an {@link UpstreamException}.
     */
    public ProxySelector connectGuard() {
        return new ConnectGuard(true);
    }

    /**
     * A proxy selector that refuses hosts resolving into {@link DeniedRanges} (and {@code localhost}) at every request,
     * whatever the scheme: for fetching public URLs (the examples' {@code http_get}).
     */
    public static ProxySelector publicAddressesOnly() {
        return new UrlGuard(false, 5_000).new ConnectGuard(false);
    }

    private final class ConnectGuard extends ProxySelector {
        private final boolean schemeRules;

        ConnectGuard(boolean schemeRules) {
            this.schemeRules = schemeRules;
        }

        @Override
        public List<Proxy> select(URI uri) {
            String bare = bareHost(uri);
            if (bare == null || isLocalhost(bare)) {
                throw new UpstreamException("URL guard refused the connection: host not allowed");
            }
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(bare);
            } catch (UnknownHostException e) {
                throw UpstreamException.transport("URL guard: host does not resolve", e);
            }
            String refusal = refusal(schemeRules ? uri.getScheme().toLowerCase(Locale.ROOT) : "https", addresses);
            if (refusal != null) {
                throw new UpstreamException("URL guard refused the connection: " + refusal);
            }
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // nothing to remember: there is no proxy to fail over from
        }
    }
}
