package io.toolgate.registration;

import io.toolgate.upstream.UpstreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlGuardTest {

    /** A DNS of fixed answers: name → comma-separated addresses. */
    private static UrlGuard.Resolver dns(Map<String, String> answers) {
        return host -> {
            String a = answers.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            String[] parts = a.split(",");
            InetAddress[] out = new InetAddress[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = InetAddress.getByName(parts[i]);
            }
            return out;
        };
    }

    private static final UrlGuard.Resolver LITERALS = InetAddress::getAllByName;

    @Test
    void httpsToPublicAddressesIsAccepted() throws Exception {
        UrlGuard guard = new UrlGuard(false, 1000, dns(Map.of("tools.example.com", "203.0.113.5,2001:db8::5")));
        assertThat(guard.check("https://tools.example.com/mcp")).isEqualTo(URI.create("https://tools.example.com/mcp"));
        assertThat(new UrlGuard(false, 1000, LITERALS).check("HTTPS://203.0.113.5:8443/mcp")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.1.2.3/mcp", "https://172.16.0.1/mcp", "https://172.31.255.255/mcp",
            "https://192.168.1.1/mcp", "https://127.0.0.1/mcp", "https://127.8.9.10/mcp", "https://[::1]/mcp",
            "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/mcp", "https://100.64.0.1/mcp",
            "https://[fc00::1]/mcp", "https://[fd12:3456::1]/mcp", "https://224.0.0.1/mcp", "https://0.0.0.0/mcp",
            "https://[::ffff:10.0.0.1]/mcp", "https://[::ffff:127.0.0.1]/mcp", "https://[::]/mcp",
            "https://255.255.255.255/mcp", "https://[64:ff9b::a00:1]/mcp", "https://[ff02::1]/mcp"})
    void deniedRangesAreRejected(String url) {
        UrlGuard guard = new UrlGuard(false, 1000, LITERALS);
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(UrlRejectedException.class)
                .hasMessageContaining("private, loopback, link-local or reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://172.15.255.255/mcp", "https://172.32.0.1/mcp", "https://100.128.0.1/mcp",
            "https://11.0.0.1/mcp", "https://[2001:db8::1]/mcp", "https://198.51.100.7/mcp"})
    void neighboursOfDeniedRangesArePublic(String url) throws Exception {
        assertThat(new UrlGuard(false, 1000, LITERALS).check(url)).isNotNull();
    }

    @Test
    void aNameWithOnePrivateAddressAmongPublicOnesIsRejected() {
        UrlGuard guard = new UrlGuard(false, 1000, dns(Map.of("mixed.example.com", "203.0.113.5,10.0.0.7")));
        assertThatThrownBy(() -> guard.check("https://mixed.example.com/mcp")).isInstanceOf(UrlRejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://203.0.113.5/x", "gopher://203.0.113.5/", "javascript:alert(1)",
            "https://localhost/mcp", "https://LOCALHOST/mcp", "https://api.localhost/mcp", "https:///mcp",
            "https://203.0.113.5/a/../admin", "https://203.0.113.5/a/%2e%2e/admin", "https://203.0.113.5:99999/mcp",
            "https://203.0.113.5:abc/mcp", "not a url", "", "https://unknown.invalid/mcp"})
    void malformedOrLocalUrlsAreRejected(String url) {
        UrlGuard guard = new UrlGuard(true, 1000, dns(Map.of()));
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(UrlRejectedException.class);
    }

    @Test
    void plainHttpIsOnlyForPrivateAddressesAndThoseNeedTheOverride() throws Exception {
        UrlGuard strict = new UrlGuard(false, 1000, LITERALS);
        UrlGuard open = new UrlGuard(true, 1000, LITERALS);
        assertThatThrownBy(() -> strict.check("http://203.0.113.5/mcp")).hasMessageContaining("use https");
        assertThatThrownBy(() -> open.check("http://203.0.113.5/mcp")).hasMessageContaining("use https");
        assertThatThrownBy(() -> strict.check("http://127.0.0.1:8080/mcp")).hasMessageContaining("private");
        assertThat(open.check("http://127.0.0.1:8080/mcp")).isNotNull();
        assertThat(open.check("https://10.0.0.1/mcp")).isNotNull();
        assertThatThrownBy(() -> open.check("http://localhost:8080/mcp")).hasMessageContaining("localhost");
    }

    @Test
    void aResolverThatHangsIsCutOffByTheDnsTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        UrlGuard guard = new UrlGuard(false, 200, host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.check("https://slow.example.com/mcp")).hasMessageContaining("within 200 ms");
    }

    @Test
    void aNameThatRebindsToAPrivateAddressIsRefusedAtConnectTime() throws Exception {
        Deque<String> answers = new ArrayDeque<>(java.util.List.of("203.0.113.5", "10.0.0.7"));
        UrlGuard guard = new UrlGuard(false, 1000, host -> new InetAddress[] {InetAddress.getByName(answers.pop())});
        URI uri = guard.check("https://rebind.example.com/mcp");
        assertThatThrownBy(() -> guard.connectGuard().select(uri)).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("refused the connection");
    }

    @Test
    void theConnectGuardLetsCheckedAddressesThroughWithoutAProxy() throws Exception {
        UrlGuard guard = new UrlGuard(true, 1000, LITERALS);
        assertThat(guard.connectGuard().select(URI.create("http://127.0.0.1:9/mcp"))).containsExactly(Proxy.NO_PROXY);
        assertThat(UrlGuard.publicAddressesOnly().select(URI.create("http://203.0.113.5/x"))).containsExactly(Proxy.NO_PROXY);
        assertThatThrownBy(() -> UrlGuard.publicAddressesOnly().select(URI.create("http://127.0.0.1:9/")))
                .isInstanceOf(UpstreamException.class);
    }
}
