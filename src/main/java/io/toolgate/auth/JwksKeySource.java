package io.toolgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.toolgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The signing keys of a JWKS URL, fetched on first use, again after {@link #MAX_AGE}, and again (at most every
 * {@link #MIN_REFETCH}) when a token names a key id it does not know, so key rotation needs no restart. A failed fetch
 * keeps the keys it had.
 */
public final class JwksKeySource {

    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Map<String, PublicKey> keys;
    private volatile long fetchedAt;

    public JwksKeySource(URI url) {
        this.url = url;
    }

    /** The key with this id, or the only key when {@code kid} is null; {@code null} when there is none. */
    public PublicKey key(String kid) {
        long now = System.nanoTime();
        if (keys == null || now - fetchedAt > MAX_AGE.toNanos()) {
            refresh(now);
        }
        PublicKey key = find(kid);
        if (key == null && System.nanoTime() - fetchedAt > MIN_REFETCH.toNanos()) {
            refresh(System.nanoTime());
            key = find(kid);
        }
        return key;
    }

    private PublicKey find(String kid) {
        Map<String, PublicKey> k = keys;
        if (k == null) {
            return null;
        }
        if (kid == null) {
            return k.size() == 1 ? k.values().iterator().next() : null;
        }
        return k.get(kid);
    }

    private synchronized void refresh(long requestedAt) {
        if (keys != null && fetchedAt > requestedAt) {
            return;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            Map<String, PublicKey> fresh = new HashMap<>();
            int i = 0;
            for (JsonNode jwk : Json.parse(r.body()).path("keys")) {
                PublicKey key = Keys.fromJwk(jwk);
                if (key != null) {
                    fresh.put(jwk.path("kid").isTextual() ? jwk.path("kid").textValue() : "#" + i, key);
                }
                i++;
            }
            keys = Map.copyOf(fresh);
            LOG.info("Loaded {} signing key(s) from {}", fresh.size(), url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Could not fetch the JWKS at {}: {}", url, e.toString());
            if (keys == null) {
                keys = Map.of();
            }
        } finally {
            fetchedAt = System.nanoTime();
        }
    }
}
