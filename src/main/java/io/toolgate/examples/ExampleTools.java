package io.toolgate.examples;

import io.toolgate.registration.UrlGuard;
import io.toolgate.upstream.UpstreamException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The logic behind the built-in {@code examples} domain, called from {@code routes/examples.camel.yaml}. Each method
 * takes the tool's arguments as a map and answers a value the gateway turns into a tool result; a failure the caller
 * can fix answers an {@code isError} result with a clear message.
 */
public final class ExampleTools {

    private static final int MAX_FETCH_BYTES = 1024 * 1024;
    private final HttpClient http;

    /**
     * @param fetchPrivateAddresses when false, {@code http_get} refuses hosts that resolve to private, loopback,
     *                              link-local or reserved addresses, checked on every connection
     */
    public ExampleTools(boolean fetchPrivateAddresses) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (!fetchPrivateAddresses) {
            b.proxy(UrlGuard.publicAddressesOnly());
        }
        this.http = b.build();
    }

    public Object timeNow(Map<String, Object> args) {
        String zone = (String) args.getOrDefault("timezone", "UTC");
        ZoneId id;
        try {
            id = ZoneId.of(zone);
        } catch (RuntimeException e) {
            return error("Unknown time zone '" + zone + "'. Use an IANA name such as 'Europe/Paris' or 'UTC'.");
        }
        ZonedDateTime now = ZonedDateTime.now(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timezone", id.getId());
        out.put("iso", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        out.put("weekday", now.getDayOfWeek().toString().charAt(0) + now.getDayOfWeek().toString().substring(1).toLowerCase(Locale.ROOT));
        out.put("epoch_seconds", now.toEpochSecond());
        return out;
    }

    public Object textStats(Map<String, Object> args) {
        String text = (String) args.get("text");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("characters", text.codePointCount(0, text.length()));
        out.put("words", text.isBlank() ? 0 : text.trim().split("\\s+").length);
        out.put("lines", text.isEmpty() ? 0 : text.split("\\R", -1).length);
        out.put("bytes_utf8", text.getBytes(StandardCharsets.UTF_8).length);
        return out;
    }

    public Object textTransform(Map<String, Object> args) {
        String text = (String) args.get("text");
        String operation = (String) args.get("operation");
        return switch (operation) {
            case "upper" -> text.toUpperCase(Locale.ROOT);
            case "lower" -> text.toLowerCase(Locale.ROOT);
            case "reverse" -> new StringBuilder(text).reverse().toString();
            case "base64_encode" -> Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            case "base64_decode" -> {
                try {
                    yield new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    yield error("The text is not valid base64.");
                }
            }
            case "slugify" -> Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
            default -> error("Unknown operation '" + operation + "'.");
        };
    }

    public Object httpGet(Map<String, Object> args) throws InterruptedException {
        String url = (String) args.get("url");
        int max = args.get("max_bytes") instanceof Number n ? n.intValue() : 65536;
        if (max < 1 || max > MAX_FETCH_BYTES) {
            return error("max_bytes must be between 1 and " + MAX_FETCH_BYTES + ".");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return error("Not a valid URL.");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            return error("Only http and https URLs with a host can be fetched.");
        }
        try {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).GET().build();
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            boolean truncated;
            try (InputStream in = res.body()) {
                bytes = in.readNBytes(max);
                truncated = in.read() != -1;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", res.statusCode());
            out.put("content_type", res.headers().firstValue("Content-Type").orElse(""));
            out.put("truncated", truncated);
            out.put("body", new String(bytes, StandardCharsets.UTF_8));
            return out;
        } catch (IOException e) {
            return error("Fetch failed: " + e.getClass().getSimpleName());
        } catch (UpstreamException e) {
            return error(e.isTransient() ? "Fetch failed: the host does not resolve."
                    : "Fetching private, loopback, link-local or reserved addresses is disabled.");
        }
    }

    private static Map<String, Object> error(String message) {
        return Map.of("content", List.of(Map.of("type", "text", "text", message)), "isError", true);
    }
}
