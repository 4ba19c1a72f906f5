package dev.loupe.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.core.http.ApiError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Talks to nothing but a JDK HttpServer on 127.0.0.1. Host names go through a fake resolver (no DNS); a forbidden
 * address appears only as a resolver's answer or in a URL, and every refusal test asserts that no socket even tried
 * to connect (the fetcher reports each connect attempt to {@link #connects} before making it).
 */
class SafeFetcherTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final byte[] JPEG = "not really a jpeg, but bytes".getBytes(StandardCharsets.UTF_8);

    private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Integer, InetAddress[]>> dns = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;
    private int port;
    /** Public addresses, and the test server's address and port. */
    private AddressPolicy local;
    private final List<SafeFetcher> fetchers = new ArrayList<>();

    /** Names from the dns map (asked for the nth time), IP literals parsed, anything else unknown: never real DNS. */
    private final Resolver fakeResolver = host -> {
        lookups.add(host);
        var answer = dns.get(host);
        if (answer != null) {
            return answer.apply((int) lookups.stream().filter(host::equals).count());
        }
        InetAddress literal = SafeFetcher.literal(host);
        if (literal != null) {
            return new InetAddress[] {literal};
        }
        throw new UnknownHostException(host);
    };

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
        local = AddressPolicy.PUBLIC_ONLY.allowing(server.getAddress());
        dns.put("images.test", n -> new InetAddress[] {LOOPBACK});
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        release.countDown();
        fetchers.forEach(SafeFetcher::close);
        server.stop(0);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private SafeFetcher fetcher(AddressPolicy policy, SafeFetcher.Limits limits) {
        var fetcher = new SafeFetcher(policy, fakeResolver, limits, this::tripwire);
        fetchers.add(fetcher);
        return fetcher;
    }

    /** Records each connect attempt and stops any but to loopback, so that even a broken guard sends nothing out. */
    private void tripwire(InetSocketAddress address) {
        connects.add(address);
        if (!address.getAddress().isLoopbackAddress()) {
            throw new AssertionError("the fetcher tried to connect to " + address);
        }
    }

    private SafeFetcher fetcher() {
        return fetcher(local, SafeFetcher.Limits.DEFAULTS);
    }

    private void serve(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private void serveBytes(String path, byte[] body, String contentType) {
        serve(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    private void redirect(String path, int status, String location) {
        serve(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static ApiError error(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }

    private static void assertError(ApiError e, int status, String code) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.param()).contains("url");
    }

    @Test
    void fetchesA200BodyWithItsTypeAndName() {
        serveBytes("/pics/photo.jpg", JPEG, "image/JPEG; charset=binary");

        FetchedFile file = fetcher().fetch(url("/pics/photo.jpg?size=big#top"));

        assertThat(file.bytes()).isEqualTo(JPEG);
        assertThat(file.finalUrl()).isEqualTo(URI.create(url("/pics/photo.jpg?size=big")));
        assertThat(file.contentType()).contains("image/jpeg");
        assertThat(file.fileName()).contains("photo.jpg");
        assertThat(userAgents).containsExactly("Loupe-Importer/1.0");
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void httpClientAsksTheResolverEvenForAnIpLiteralHost() {
        serveBytes("/x", JPEG, "image/jpeg");

        fetcher().fetch(url("/x"));

        // HttpHost built from a URL carries no address, so the connection operator resolves "127.0.0.1" too: the
        // guard sees literals both up front (SafeFetcher) and here.
        assertThat(lookups).containsExactly("127.0.0.1");
    }

    @Test
    void takesTheNameFromContentDispositionOverThePath() {
        serve("/download", exchange -> {
            exchange.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"fallback.jpg\"; filename*=UTF-8''caf%C3%A9%20l%C3%A0.jpg");
            exchange.sendResponseHeaders(200, JPEG.length);
            exchange.getResponseBody().write(JPEG);
        });

        FetchedFile file = fetcher().fetch(url("/download"));

        assertThat(file.fileName()).contains("café là.jpg");
        assertThat(file.contentType()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "attachment; filename=\"a.jpg\" | a.jpg",
            "attachment; filename=plain.png | plain.png",
            "inline; FILENAME=\"q\\\"uote.jpg\" | q\"uote.jpg",
            "attachment; filename=\"../../etc/passwd\" | passwd",
            "attachment; filename=\"C:\\\\Windows\\\\evil.exe\" | evil.exe",
            "attachment; filename*=UTF-8''%2E%2E%2Fup.jpg; filename=\"x.jpg\" | up.jpg",
            "attachment; filename*=ISO-8859-1''na%EFve.jpg | naïve.jpg",
            "attachment; filename*=bogus''x.jpg; filename=\"y.jpg\" | y.jpg",
            "attachment; filename=\"..\" | NULL",
            "attachment | NULL"})
    void contentDispositionGivesABaseNameOnly(String header, String expected) {
        assertThat(SafeFetcher.dispositionFileName(header)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void refusesABodyWhoseContentLengthIsTooLargeBeforeReadingIt() {
        serve("/big", exchange -> {
            exchange.sendResponseHeaders(200, 4L << 20);
            try {
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the client hung up
            }
        });

        ApiError e = error(() -> fetcher(local, SafeFetcher.Limits.DEFAULTS.withMaxBytes(1 << 20)).fetch(url("/big")));

        assertError(e, 413, "file_too_large");
        assertThat(e.getMessage()).contains("1 MB");
    }

    @Test
    void stopsReadingAStreamedBodyAsSoonAsItPassesTheLimit() throws InterruptedException {
        AtomicLong written = new AtomicLong();
        CountDownLatch handlerDone = new CountDownLatch(1);
        serve("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse up front
            try {
                OutputStream out = exchange.getResponseBody();
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 1024 && release.getCount() > 0; i++) { // 64 MB at most
                    out.write(chunk);
                    out.flush();
                    written.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                // the client hung up
            } finally {
                handlerDone.countDown();
            }
        });

        ApiError e = error(() ->
                fetcher(local, SafeFetcher.Limits.DEFAULTS.withMaxBytes(1 << 20)).fetch(url("/endless")));

        assertError(e, 413, "file_too_large");
        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).isTrue();
        // Dropped, not drained: the server got no further than the limit plus what socket buffers hold.
        assertThat(written.get()).isLessThan(24L << 20);
    }

    @Test
    void followsARedirectChainAcrossNames() {
        redirect("/a", 302, "/b");
        redirect("/b", 301, "http://images.test:" + port + "/c");
        redirect("/c", 303, "/d?x=1");
        redirect("/d", 307, "/e");
        redirect("/e", 308, "/photo.png");
        serveBytes("/photo.png", JPEG, "image/png");

        FetchedFile file = fetcher().fetch(url("/a"));

        assertThat(file.bytes()).isEqualTo(JPEG);
        assertThat(file.finalUrl()).isEqualTo(URI.create("http://images.test:" + port + "/photo.png"));
        assertThat(file.fileName()).contains("photo.png");
        assertThat(requests).hasValue(6);
        assertThat(lookups).contains("127.0.0.1", "images.test");
    }

    @Test
    void refusesARedirectToAForbiddenLiteralBeforeConnectingToIt() {
        redirect("/a", 302, "http://10.0.0.1/admin");

        ApiError e = error(() -> fetcher().fetch(url("/a")));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).contains("10.0.0.1").contains("a private address");
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
        assertThat(lookups).doesNotContain("10.0.0.1");
    }

    @Test
    void refusesARedirectToANameThatResolvesToTheMetadataAddress() {
        dns.put("metadata.test", n -> new InetAddress[] {InetAddress.ofLiteral("169.254.169.254")});
        redirect("/a", 302, "http://metadata.test/latest/meta-data/");

        ApiError e = error(() -> fetcher().fetch(url("/a")));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).isEqualTo("The host metadata.test resolves to the cloud metadata address; "
                + "only public addresses can be fetched.");
        assertThat(lookups).contains("metadata.test");
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void refusesANameThatResolvesToAPrivateAddressWithoutConnecting() {
        dns.put("evil.test", n -> new InetAddress[] {InetAddress.ofLiteral("10.0.0.5")});

        ApiError e = error(() -> fetcher().fetch("http://evil.test/cat.jpg"));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).contains("evil.test resolves to a private address");
        assertThat(connects).isEmpty();
    }

    @Test
    void refusesANameWithAnyForbiddenAddressAmongItsAnswers() {
        dns.put("mixed.test", n -> new InetAddress[] {
                InetAddress.ofLiteral("93.184.215.14"), InetAddress.ofLiteral("fd00:ec2::254")});

        ApiError e = error(() -> fetcher(AddressPolicy.PUBLIC_ONLY, SafeFetcher.Limits.DEFAULTS)
                .fetch("https://mixed.test/cat.jpg"));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).contains("the cloud metadata address");
        assertThat(connects).isEmpty(); // not even to the public one
    }

    @Test
    void everyConnectionIsVettedOnItsOwnResolutionSoRebindingIsRefused() {
        // First answer: the "public" server (loopback, which this test's policy allows); every later one: private.
        dns.put("rebind.test", n -> new InetAddress[] {
                n == 1 ? LOOPBACK : InetAddress.ofLiteral("192.168.0.10")});
        serve("/a", exchange -> {
            exchange.getResponseHeaders().set("Location", "/b");
            exchange.getResponseHeaders().set("Connection", "close"); // the next hop needs a new connection
            exchange.sendResponseHeaders(302, -1);
        });
        serveBytes("/b", JPEG, "image/jpeg");

        ApiError e = error(() -> fetcher().fetch("http://rebind.test:" + port + "/a"));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).contains("rebind.test resolves to a private address");
        assertThat(lookups).containsExactly("rebind.test", "rebind.test");
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
        assertThat(requests).hasValue(1);
    }

    @Test
    void resolvesOncePerConnectionAndConnectsToWhatThatResolutionVetted() {
        dns.put("rebind.test", n -> new InetAddress[] {
                n == 1 ? LOOPBACK : InetAddress.ofLiteral("192.168.0.10")});
        serveBytes("/b", JPEG, "image/jpeg");

        // No check-then-connect: a second lookup would have answered the private address.
        assertThat(fetcher().fetch("http://rebind.test:" + port + "/b").bytes()).isEqualTo(JPEG);
        assertThat(lookups).containsExactly("rebind.test");
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void refusesARedirectLoop() {
        redirect("/loop", 302, "/loop");

        ApiError e = error(() -> fetcher().fetch(url("/loop")));

        assertError(e, 400, "too_many_redirects");
        assertThat(requests).hasValue(6); // the URL and five redirects followed
    }

    @Test
    void followsExactlyTheAllowedNumberOfRedirects() {
        for (int i = 0; i < 5; i++) {
            redirect("/r" + i, 302, "/r" + (i + 1));
        }
        serveBytes("/r5", JPEG, "image/jpeg");

        assertThat(fetcher().fetch(url("/r0")).bytes()).isEqualTo(JPEG);
    }

    @Test
    void aNon2xxAnswerFails() {
        serve("/missing", exchange -> exchange.sendResponseHeaders(404, -1));
        serve("/304", exchange -> exchange.sendResponseHeaders(304, -1));
        redirect("/nowhere", 302, "");

        assertError(error(() -> fetcher().fetch(url("/missing"))), 400, "fetch_failed");
        assertThat(error(() -> fetcher().fetch(url("/missing"))).getMessage()).contains("404");
        assertThat(error(() -> fetcher().fetch(url("/304"))).getMessage()).contains("304");
        assertThat(error(() -> fetcher().fetch(url("/nowhere"))).getMessage()).contains("no Location");
    }

    @Test
    void aRedirectToAnotherSchemeIsABadUrl() {
        redirect("/a", 302, "file:///etc/passwd");

        ApiError e = error(() -> fetcher().fetch(url("/a")));

        assertError(e, 400, "bad_url");
        assertThat(e.getMessage()).startsWith("The redirect target must use http or https");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "file:///etc/passwd", "ftp://images.test/cat.jpg", "gopher://images.test/", "jar:file:/x.jar!/a",
            "mailto:someone@images.test", "/relative/cat.jpg", "http:///no-host", "http://exa mple.test/",
            "http://images.test:99999/", "http://images.test:0/", "http://under_score.test/",
            "http://user:pw@images.test/", "http://user@images.test/", "https://:@images.test/", ""})
    void refusesUrlsThatAreNotPlainHttp(String url) {
        serveBytes("/", JPEG, "image/jpeg");

        ApiError e = error(() -> fetcher().fetch(url));

        assertError(e, 400, "bad_url");
        assertThat(lookups).isEmpty();
        assertThat(connects).isEmpty();
    }

    @Test
    void userinfoIsRefusedEvenForALoopbackUrl() {
        serveBytes("/", JPEG, "image/jpeg");

        assertError(error(() -> fetcher().fetch("http://user:pw@127.0.0.1:" + port + "/")), 400, "bad_url");
        assertThat(requests).hasValue(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | a loopback address",
            "[::1] | a loopback address",
            "[::ffff:127.0.0.1] | a loopback address",
            "[::127.0.0.1] | a loopback address (IPv4-compatible)",
            "[64:ff9b::7f00:1] | a loopback address (NAT64)",
            "[2002:7f00:1::] | a loopback address (6to4)",
            "0.0.0.0 | the unspecified address",
            "[::] | the unspecified address",
            "169.254.169.254 | the cloud metadata address",
            "[fd00:ec2::254] | the cloud metadata address",
            "10.0.0.1 | a private address"})
    void refusesForbiddenLiteralsUnderThePublicOnlyPolicyWithoutSendingAnything(String host, String reason) {
        serveBytes("/", JPEG, "image/jpeg");

        ApiError e = error(() -> fetcher(AddressPolicy.PUBLIC_ONLY, SafeFetcher.Limits.DEFAULTS)
                .fetch("http://" + host + ":" + port + "/"));

        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).isEqualTo("The host " + host + " is " + reason
                + "; only public addresses can be fetched.");
        assertThat(lookups).isEmpty();
        assertThat(connects).isEmpty();
        assertThat(requests).hasValue(0);
    }

    @Test
    void theResolverGuardRefusesALiteralThatGotPastTheUpFrontCheck() {
        var guard = new GuardedDnsResolver(AddressPolicy.PUBLIC_ONLY, fakeResolver);

        assertThatThrownBy(() -> guard.resolve("127.0.0.1"))
                .isInstanceOf(RefusedAddressException.class)
                .hasMessage("The host 127.0.0.1 is a loopback address; only public addresses can be fetched.");
        assertThatThrownBy(() -> guard.resolve("nowhere.test")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(RefusedAddressException.class);
    }

    /** A second server on the allowed address, another port: what the allowance must not reach. */
    private HttpServer otherPort(AtomicInteger hits) throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        other.createContext("/", exchange -> {
            hits.incrementAndGet();
            try (exchange) {
                exchange.sendResponseHeaders(200, JPEG.length);
                exchange.getResponseBody().write(JPEG);
            }
        });
        other.start();
        return other;
    }

    @Test
    void theAllowedLoopbackAddressIsReachedOnItsPortOnly() throws IOException {
        serveBytes("/photo.jpg", JPEG, "image/jpeg");
        AtomicInteger hits = new AtomicInteger();
        HttpServer other = otherPort(hits);
        try {
            assertThat(fetcher().fetch(url("/photo.jpg")).bytes()).isEqualTo(JPEG);

            ApiError e = error(() -> fetcher().fetch("http://127.0.0.1:" + other.getAddress().getPort() + "/x"));

            assertError(e, 400, "forbidden_address");
            assertThat(e.getMessage()).isEqualTo("The host 127.0.0.1 is a loopback address on port "
                    + other.getAddress().getPort() + " (only port " + port + " of it is allowed); only public"
                    + " addresses can be fetched.");
            assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
            assertThat(hits).hasValue(0);
            // Without a port, http means 80: not the allowed one either.
            assertError(error(() -> fetcher().fetch("http://127.0.0.1/x")), 400, "forbidden_address");
            assertError(error(() -> fetcher().vet("http://127.0.0.1:" + other.getAddress().getPort() + "/hook")),
                    400, "forbidden_address");
            assertError(error(() -> fetcher().vet("http://images.test:" + other.getAddress().getPort() + "/hook")),
                    400, "forbidden_address");
            assertThat(connects).hasSize(1);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aRedirectOrANameToTheAllowedAddressOnAnotherPortIsRefusedWhereItConnects() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        HttpServer other = otherPort(hits);
        try {
            int otherPort = other.getAddress().getPort();
            // images.test resolves to the allowed address: the resolver can't refuse it, the socket must.
            redirect("/a", 302, "http://images.test:" + otherPort + "/photo.jpg");

            ApiError e = error(() -> fetcher().fetch(url("/a")));

            assertError(e, 400, "forbidden_address");
            assertThat(e.getMessage()).isEqualTo("A connection to a loopback address on port " + otherPort
                    + " (only port " + port + " of it is allowed) was refused; only public addresses can be fetched.");
            assertThat(hits).hasValue(0);
            ApiError direct = error(() -> fetcher().post(URI.create("http://images.test:" + otherPort + "/hook"),
                    new byte[0], "application/json", Map.of()));
            assertError(direct, 400, "forbidden_address");
            assertThat(hits).hasValue(0);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void anotherLoopbackAddressIsRefusedUnderTheAllowance() {
        dns.put("other-loopback.test", n -> new InetAddress[] {InetAddress.ofLiteral("127.0.0.2")});

        assertError(error(() -> fetcher().fetch("http://127.0.0.2:" + port + "/")), 400, "forbidden_address");
        assertError(error(() -> fetcher().fetch("http://[::1]:" + port + "/")), 400, "forbidden_address");
        ApiError e = error(() -> fetcher().fetch("http://other-loopback.test:" + port + "/"));
        assertError(e, 400, "forbidden_address");
        assertThat(e.getMessage()).contains("other-loopback.test resolves to a loopback address");
        assertThat(connects).isEmpty();
        assertThat(requests).hasValue(0);
    }

    @Test
    void theSocketRefusesAForbiddenAddressEvenWhenTheResolverWasBypassed() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(300);
            var factory = new GuardedSocketFactory(AddressPolicy.PUBLIC_ONLY, this::tripwire);

            try (var socket = factory.create(null)) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort())))
                        .isInstanceOf(RefusedAddressException.class);
            }
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anUnknownHostFails() {
        ApiError e = error(() -> fetcher().fetch("https://nowhere.test/cat.jpg"));

        assertError(e, 400, "fetch_failed");
        assertThat(e.getMessage()).contains("nowhere.test could not be resolved");
        assertThat(connects).isEmpty();
    }

    @Test
    void aRefusedConnectionFails() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }

        ApiError e = error(() -> fetcher(AddressPolicy.PUBLIC_ONLY.allowing(new InetSocketAddress(LOOPBACK,
                closedPort)), SafeFetcher.Limits.DEFAULTS).fetch("http://127.0.0.1:" + closedPort + "/"));

        assertError(e, 400, "fetch_failed");
        assertThat(e.getMessage()).contains("could not be connected to");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        serve("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        var limits = SafeFetcher.Limits.DEFAULTS.withTimeouts(
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(20));

        long start = System.nanoTime();
        ApiError e = error(() -> fetcher(local, limits).fetch(url("/slow")));

        assertError(e, 400, "fetch_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTricklingServerIsCutOffAtTheOverallDeadline() {
        serve("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                for (int i = 0; i < 50 && release.getCount() > 0; i++) { // 5 s at most
                    exchange.getResponseBody().write('x');
                    exchange.getResponseBody().flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException expected) {
                // the client hung up
            }
        });
        var limits = SafeFetcher.Limits.DEFAULTS.withTimeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMillis(700));

        long start = System.nanoTime();
        ApiError e = error(() -> fetcher(local, limits).fetch(url("/trickle")));

        assertError(e, 400, "fetch_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> SafeFetcher.Limits.DEFAULTS.withMaxBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeFetcher.Limits.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(SafeFetcher.Limits.DEFAULTS).isEqualTo(new SafeFetcher.Limits(Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), 40L * 1024 * 1024, 5));
        assertThat(SafeFetcher.USER_AGENT).isEqualTo("Loupe-Importer/1.0");
    }

    // ---------------------------------------------------------------- post (webhooks) and vet

    @Test
    void postsTheBodyAndHeadersAndHandsBackTheAnswer() {
        List<String> received = new ArrayList<>();
        serve("/hook", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + exchange.getRequestHeaders().getFirst("X-Test") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] answer = "thanks".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
        });

        var posted = fetcher().post(java.net.URI.create("http://images.test:" + port + "/hook"),
                "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json",
                java.util.Map.of("X-Test", "yes"));

        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.ok()).isTrue();
        assertThat(posted.bodyStart()).isEqualTo("thanks");
        assertThat(received).containsExactly("POST application/json yes {\"a\":1}");
    }

    @Test
    void aPostIsNotRedirectedAndANon2xxAnswerComesBack() {
        redirect("/moved", 307, url("/elsewhere"));
        serve("/elsewhere", exchange -> exchange.sendResponseHeaders(200, -1));
        serve("/broken", exchange -> exchange.sendResponseHeaders(503, -1));

        var moved = fetcher().post(java.net.URI.create(url("/moved")), new byte[0], "application/json",
                java.util.Map.of());
        var broken = fetcher().post(java.net.URI.create(url("/broken")), new byte[0], "application/json",
                java.util.Map.of());

        assertThat(moved.status()).isEqualTo(307);
        assertThat(moved.ok()).isFalse();
        assertThat(broken.status()).isEqualTo(503);
        assertThat(requests.get()).as("the redirect target was never asked").isEqualTo(2);
    }

    @Test
    void aPostToANameThatResolvesInsideTheNetworkIsRefusedWithoutConnecting() {
        dns.put("inside.test", n -> new InetAddress[] {InetAddress.ofLiteral("169.254.169.254")});

        ApiError e = error(() -> fetcher(AddressPolicy.PUBLIC_ONLY, SafeFetcher.Limits.DEFAULTS).post(
                java.net.URI.create("http://inside.test/hook"), new byte[0], "application/json", java.util.Map.of()));

        assertError(e, 400, "forbidden_address");
        assertThat(connects).isEmpty();
    }

    @Test
    void vetResolvesAndRefusesWithoutConnecting() {
        dns.put("private.test", n -> new InetAddress[] {InetAddress.ofLiteral("192.168.1.10")});
        var publicOnly = fetcher(AddressPolicy.PUBLIC_ONLY, SafeFetcher.Limits.DEFAULTS);

        assertError(error(() -> publicOnly.vet("http://private.test/hook")), 400, "forbidden_address");
        assertError(error(() -> publicOnly.vet("http://127.0.0.1:" + port + "/hook")), 400, "forbidden_address");
        assertError(error(() -> publicOnly.vet("http://[::ffff:10.0.0.1]/hook")), 400, "forbidden_address");
        assertError(error(() -> publicOnly.vet("ftp://images.test/x")), 400, "bad_url");
        assertError(error(() -> publicOnly.vet("http://nowhere.test/x")), 400, "fetch_failed");
        assertThat(fetcher().vet("http://images.test:" + port + "/hook#frag").toString())
                .isEqualTo("http://images.test:" + port + "/hook");
        assertThat(connects).isEmpty();
        assertThat(requests.get()).isZero();
    }
}
