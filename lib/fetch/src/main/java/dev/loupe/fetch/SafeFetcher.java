package dev.loupe.fetch;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a user-given http(s) URL without ever reaching inside the network (server-side request forgery). Every
 * hop's address is vetted by an {@link AddressPolicy} after resolution and before connecting, and the connection
 * goes to exactly the vetted addresses (see {@link GuardedDnsResolver}); redirects are followed here, not by
 * HttpClient, so each is checked like the first URL. Bodies are read as a stream and cut off past the size limit;
 * a watchdog aborts the fetch at the overall deadline, which per-read timeouts alone would not (a server can
 * trickle a byte every few seconds).
 *
 * <p>Errors are {@link ApiError}s on parameter "url": 400 bad_url, forbidden_address, too_many_redirects,
 * fetch_failed, fetch_timeout; 413 file_too_large. DNS lookups themselves are not interruptible: a hanging resolver
 * can hold a fetch past the deadline by the system resolver's own timeout.
 */
public final class SafeFetcher implements AutoCloseable {
    public static final String USER_AGENT = "Loupe-Importer/1.0";

    /** Connect and per-read timeouts, the deadline for the whole fetch (all hops), body size, redirects. */
    public record Limits(Duration connectTimeout, Duration responseTimeout, Duration deadline, long maxBytes,
            int maxRedirects) {
        public static final Limits DEFAULTS =
                new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), 40L << 20, 5);

        public Limits {
            if (!connectTimeout.isPositive() || !responseTimeout.isPositive() || !deadline.isPositive()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBytes must be positive and fit in an array: " + maxBytes);
            }
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
            }
        }

        public Limits withMaxBytes(long bytes) {
            return new Limits(connectTimeout, responseTimeout, deadline, bytes, maxRedirects);
        }

        public Limits withTimeouts(Duration connect, Duration response, Duration whole) {
            return new Limits(connect, response, whole, maxBytes, maxRedirects);
        }
    }

    private static final String PARAM = "url";
    private static final int POSTED_BODY_KEPT = 512;
    private static final int BUFFER = 64 * 1024;

    private final AddressPolicy policy;
    private final GuardedDnsResolver resolver;
    private final Limits limits;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor watchdog;

    /** Public addresses only, the system resolver, the default limits: what production uses. */
    public SafeFetcher() {
        this(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM, Limits.DEFAULTS);
    }

    public SafeFetcher(AddressPolicy policy, Resolver resolver, Limits limits) {
        this(policy, resolver, limits, address -> { });
    }

    /** beforeConnect sees every address a socket is about to connect to: tests prove a refusal came first. */
    SafeFetcher(AddressPolicy policy, Resolver resolver, Limits limits, Consumer<InetSocketAddress> beforeConnect) {
        this.policy = policy;
        this.limits = limits;
        this.resolver = new GuardedDnsResolver(policy, resolver);
        var operator = new DefaultHttpClientConnectionOperator(
                new GuardedSocketFactory(policy, beforeConnect),
                null,
                this.resolver,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createDefault())
                        .build());
        var connections = new PoolingHttpClientConnectionManager(
                operator, PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, null);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                .setSocketTimeout(Timeout.of(limits.responseTimeout()))
                .build());
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(limits.connectTimeout()))
                        .setResponseTimeout(Timeout.of(limits.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                // Bytes as served: Content-Length then means what it says, and no inflating of a gzip bomb.
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
        this.watchdog = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("loupe-fetch-deadline").factory());
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /** Parses the text first: a malformed URL is 400 bad_url. */
    public FetchedFile fetch(String url) {
        try {
            return fetch(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw badUrl("The URL is malformed: " + e.getReason() + ".");
        }
    }

    public FetchedFile fetch(URI url) {
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        URI current = checked(url, "The URL");
        for (int redirects = 0; ; redirects++) {
            Hop hop = get(current, deadline);
            if (hop.file() != null) {
                return hop.file();
            }
            if (redirects == limits.maxRedirects()) {
                throw new ApiError(400, "too_many_redirects",
                        "The URL redirected more than " + limits.maxRedirects() + " times.", PARAM);
            }
            current = checked(hop.redirect(), "The redirect target");
        }
    }

    /** What a POST got back: the status, and the start of the body for the sender's log. */
    public record Posted(int status, String bodyStart) {
        public boolean ok() {
            return status >= 200 && status <= 299;
        }
    }

    /**
     * POSTs to a user-given URL (a webhook) under the same guard as {@link #fetch(URI)}: every address is vetted
     * after resolution and before connecting. Redirects are not followed: a receiver answers where it was asked, and
     * a 3xx comes back like any other non-2xx answer, for the caller to retry or give up. Failures to connect,
     * timeouts and refused addresses are thrown as for fetch.
     */
    public Posted post(URI url, byte[] body, String contentType, Map<String, String> headers) {
        URI target = checked(url, "The URL");
        HttpPost request = new HttpPost(target);
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return exchange(request, target, System.nanoTime() + limits.deadline().toNanos(), (response, complete) -> {
            HttpEntity entity = response.getEntity();
            byte[] start = entity == null ? new byte[0] : entity.getContent().readNBytes(POSTED_BODY_KEPT);
            return new Posted(response.getCode(), new String(start, java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    /**
     * Checks a URL the way fetch and post will, resolution included, without connecting: for refusing a webhook or
     * cloud URL when it is given rather than when it is used. It is not a substitute for the check at connect time
     * (a name can resolve elsewhere later), which fetch and post make again.
     */
    public URI vet(String url) {
        URI parsed;
        try {
            parsed = checked(new URI(url.strip()), "The URL");
        } catch (URISyntaxException e) {
            throw badUrl("The URL is malformed: " + e.getReason() + ".");
        }
        String host = parsed.getHost();
        try {
            for (InetAddress address : resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1)
                    : host)) {
                policy.refusal(new InetSocketAddress(address, port(parsed))).ifPresent(reason -> {
                    throw forbidden(host, literal(host) != null, reason);
                });
            }
        } catch (RefusedAddressException refused) {
            throw refused.error();
        } catch (UnknownHostException e) {
            throw fetchFailed("The host " + parsed.getHost() + " could not be resolved.");
        }
        return parsed;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    private record Hop(URI redirect, FetchedFile file) {
    }

    private Hop get(URI url, long deadline) {
        return exchange(new HttpGet(url), url, deadline, (response, complete) -> {
            int status = response.getCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                return new Hop(location(url, response), null);
            }
            if (status < 200 || status > 299) {
                throw new ApiError(400, "fetch_failed", "The URL answered HTTP " + status + ".", PARAM);
            }
            byte[] body = body(response.getEntity());
            complete.set(true);
            return new Hop(null, new FetchedFile(body, url, contentType(response), fileName(response, url)));
        });
    }

    /** Reads what the fetcher needs of a response; sets {@code complete} when it read the body to its end. */
    private interface ResponseReader<T> {
        T read(ClassicHttpResponse response, AtomicBoolean complete) throws IOException;
    }

    /**
     * Sends one request under the watchdog, which cancels it at the deadline, and reads the answer with
     * {@code reader}. A response not read to its end is closed at once rather than drained.
     */
    private <T> T exchange(HttpUriRequestBase request, URI url, long deadline, ResponseReader<T> reader) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timeout();
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, remaining, TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        AtomicBoolean complete = new AtomicBoolean();
        try {
            response = client.executeOpen(null, request, HttpClientContext.create());
            T result = reader.read(response, complete);
            // A body cut short by the watchdog can look like a clean end of an unsized response.
            if (expired.get()) {
                throw timeout();
            }
            return result;
        } catch (IOException e) {
            throw failure(e, url, expired.get());
        } catch (IllegalArgumentException e) {
            throw badUrl("The URL can't be fetched: " + url + ".");
        } finally {
            alarm.cancel(false);
            if (response != null) {
                close(response, complete.get());
            }
        }
    }

    /** Reads at most maxBytes, refusing at once when Content-Length already says more. */
    private byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long declared = entity.getContentLength();
        if (declared > limits.maxBytes()) {
            throw tooLarge();
        }
        InputStream in = entity.getContent();
        var out = new ByteArrayOutputStream((int) Math.min(declared >= 0 ? declared : BUFFER, limits.maxBytes()));
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > limits.maxBytes()) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    // Closing gracefully would read the rest of an unwanted body to reuse the connection; anything but a body read
    // to its end drops the connection instead.
    private static void close(ClassicHttpResponse response, boolean complete) {
        if (complete) {
            try {
                response.close();
            } catch (IOException ignored) {
                // the body was read: nothing is lost
            }
        } else if (response instanceof ModalCloseable modal) {
            modal.close(CloseMode.IMMEDIATE);
        } else {
            try {
                response.close();
            } catch (IOException ignored) {
                // already failing with a better error
            }
        }
    }

    private URI location(URI from, ClassicHttpResponse response) {
        Header header = response.getFirstHeader(HttpHeaders.LOCATION);
        if (header == null || header.getValue().isBlank()) {
            throw new ApiError(400, "fetch_failed",
                    "The URL answered HTTP " + response.getCode() + " with no Location to redirect to.", PARAM);
        }
        try {
            return from.resolve(new URI(header.getValue().strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw badUrl("The URL redirected to a malformed address.");
        }
    }

    /** The URL as it will be requested (no fragment), or bad_url / forbidden_address when it must not be. */
    private URI checked(URI url, String subject) {
        if (!url.isAbsolute() || url.isOpaque()) {
            throw badUrl(subject + " must be an absolute http or https URL.");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badUrl(subject + " must use http or https, not " + scheme + ".");
        }
        if (url.getRawUserInfo() != null) {
            throw badUrl(subject + " must not contain a user name or password.");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw badUrl(subject + " has no valid host name.");
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw badUrl(subject + " has an invalid port.");
        }
        InetAddress literal = literal(host);
        if (literal != null) {
            policy.refusal(new InetSocketAddress(literal, port(url))).ifPresent(reason -> {
                throw forbidden(host, true, reason);
            });
        }
        if (url.getRawFragment() == null) {
            return url;
        }
        String text = url.toString();
        return URI.create(text.substring(0, text.indexOf('#')));
    }

    /** The port a checked http(s) URL will connect to. */
    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private ApiError failure(IOException e, URI url, boolean expired) {
        RefusedAddressException refused = cause(e, RefusedAddressException.class);
        if (refused != null) {
            return refused.error();
        }
        if (expired || cause(e, InterruptedIOException.class) != null) {
            return timeout();
        }
        String host = url.getHost();
        if (cause(e, UnknownHostException.class) != null) {
            return fetchFailed("The host " + host + " could not be resolved.");
        }
        if (cause(e, ConnectException.class) != null || cause(e, NoRouteToHostException.class) != null) {
            return fetchFailed("The host " + host + " could not be connected to.");
        }
        if (cause(e, SSLException.class) != null) {
            return fetchFailed("The secure connection to " + host + " failed.");
        }
        return fetchFailed("The connection to " + host + " failed while fetching.");
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Optional<String> contentType(ClassicHttpResponse response) {
        Header header = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        if (header == null) {
            return Optional.empty();
        }
        String type = HttpRequest.mediaType(header.getValue());
        return type.isEmpty() ? Optional.empty() : Optional.of(type);
    }

    private static Optional<String> fileName(ClassicHttpResponse response, URI url) {
        Header disposition = response.getFirstHeader("Content-Disposition");
        Optional<String> named = disposition == null ? Optional.empty() : dispositionFileName(disposition.getValue());
        if (named.isPresent()) {
            return named;
        }
        String path = url.getPath();
        return path == null ? Optional.empty() : baseName(path);
    }

    /** filename* (RFC 6266 / 8187, charset'language'percent-encoded) wins over filename. */
    static Optional<String> dispositionFileName(String header) {
        String plain = null;
        String extended = null;
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int eq = header.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            String key = header.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            StringBuilder value = new StringBuilder();
            if (j < header.length() && header.charAt(j) == '"') {
                for (j++; j < header.length() && header.charAt(j) != '"'; j++) {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    value.append(c);
                }
                i = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value.append(header, j, end < 0 ? header.length() : end);
                i = end;
            }
            if (key.equals("filename")) {
                plain = value.toString().strip();
            } else if (key.equals("filename*")) {
                extended = decodeExtended(value.toString().strip());
            }
        }
        Optional<String> chosen = extended != null ? baseName(extended) : Optional.empty();
        return chosen.isPresent() || plain == null ? chosen : baseName(plain);
    }

    private static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            Charset charset = Charset.forName(value.substring(0, first).strip());
            var bytes = new ByteArrayOutputStream();
            String encoded = value.substring(second + 1);
            for (int k = 0; k < encoded.length(); k++) {
                char c = encoded.charAt(k);
                if (c == '%' && k + 2 < encoded.length()) {
                    bytes.write(Integer.parseInt(encoded, k + 1, k + 3, 16));
                    k += 2;
                } else {
                    bytes.write(c);
                }
            }
            return bytes.toString(charset);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The last segment of a path-like name, without control characters; empty if nothing usable is left. */
    static Optional<String> baseName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(result.length() > 255 ? result.substring(0, 255) : result);
    }

    /** The address an IP-literal host stands for (brackets allowed), or null for a host name. Looks nothing up. */
    static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ApiError forbidden(String host, boolean literal, String reason) {
        return new ApiError(400, "forbidden_address", "The host " + host + (literal ? " is " : " resolves to ")
                + reason + "; only public addresses can be fetched.", PARAM);
    }

    private static ApiError badUrl(String message) {
        return new ApiError(400, "bad_url", message, PARAM);
    }

    private static ApiError fetchFailed(String message) {
        return new ApiError(400, "fetch_failed", message, PARAM);
    }

    private ApiError timeout() {
        return new ApiError(400, "fetch_timeout", "The URL took too long to fetch (connecting " + seconds(
                limits.connectTimeout()) + ", waiting " + seconds(limits.responseTimeout()) + ", all of it "
                + seconds(limits.deadline()) + " at most).", PARAM);
    }

    private ApiError tooLarge() {
        return new ApiError(413, "file_too_large",
                "The file at the URL is larger than " + (limits.maxBytes() >= 1 << 20
                        ? limits.maxBytes() / (1 << 20) + " MB" : limits.maxBytes() + " bytes") + ".", PARAM);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
