package io.toolgate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys of a JWKS URL, through Nimbus JOSE+JWT's remote JWK source: fetched on first use and again after
 * {@link #MAX_AGE}; a token naming a key id the set lacks fetches it again (at most twice per {@link #MIN_REFETCH}), so
 * key rotation needs no restart. A failed fetch keeps the keys it had. A fetch gives up after {@link #CONNECT_TIMEOUT}
 * to connect, {@link #READ_TIMEOUT} without data, or past {@link #MAX_BYTES}.
 */
public final class JwksKeySource {

    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private final URI url;
    private final JWKSource<SecurityContext> source;

    public JwksKeySource(URI url) {
        this.url = url;
        DefaultResourceRetriever http = new DefaultResourceRetriever((int) CONNECT_TIMEOUT.toMillis(),
                (int) READ_TIMEOUT.toMillis(), MAX_BYTES);
        http.setHeaders(Map.of("Accept", List.of("application/json")));
        try {
            this.source = JWKSourceBuilder.<SecurityContext>create(url.toURL(), http)
                    .cache(MAX_AGE.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT, event -> {
                        if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<?> done) {
                            LOG.info("Loaded {} key(s) from {}", done.getJWKSet().getKeys().size(), url);
                        }
                    })
                    .refreshAheadCache(false)
                    .rateLimited(MIN_REFETCH.toMillis())
                    .outageTolerant(Long.MAX_VALUE, event -> {
                        if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage) {
                            LOG.warn("Could not fetch the JWKS at {}, keeping the keys it had: {}", url, outage.getException().toString());
                        }
                    })
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a URL: " + url, e);
        }
    }

    /** The key with this id, or the only key when {@code kid} is null; {@code null} when there is none. */
    public PublicKey key(String kid) {
        JWKMatcher signingKeys = new JWKMatcher.Builder().keyID(kid).keyTypes(KeyType.RSA, KeyType.EC)
                .keyUses(KeyUse.SIGNATURE, null).build();
        List<PublicKey> found = new ArrayList<>();
        try {
            for (JWK jwk : source.get(new JWKSelector(signingKeys), null)) {
                if (jwk instanceof RSAKey rsa) {
                    found.add(rsa.toRSAPublicKey());
                } else if (jwk instanceof ECKey ec && CURVES.contains(ec.getCurve())) {
                    found.add(ec.toECPublicKey());
                }
            }
        } catch (RateLimitReachedException e) {
            return null;
        } catch (JOSEException e) {
            LOG.warn("Could not use the JWKS at {}: {}", url, e.toString());
            return null;
        }
        return found.isEmpty() || kid == null && found.size() > 1 ? null : found.get(0);
    }
}
