package dev.loupe.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A client of one Loupe project's APIs, for its backend: made from the API's base URL and the project's public and
 * secret keys, it signs its own tokens and renews them before they expire ({@link TokenSigner}), retries what is safe
 * to retry ({@link RetryPolicy}), and reads every API family's errors into {@link LoupeException}. Immutable and
 * thread-safe; share one.
 *
 * <pre>{@code
 * LoupeClient loupe = LoupeClient.create(URI.create("https://api.example.com"), publicKey, secretKey);
 * Image image = loupe.library().upload(Path.of("beach.jpg"), (done, total) -> System.out.println(done + "/" + total));
 * Gallery gallery = loupe.asUser("u-42", "Eve", "editor").galleries().create("summer", "Summer", List.of(image.id()));
 * }</pre>
 */
public final class LoupeClient {
    private final Transport transport;
    private final TokenSigner signer;
    private final Waiter waiter;
    private final int chunkBytes;

    private LoupeClient(Transport transport, TokenSigner signer, Waiter waiter, int chunkBytes) {
        this.transport = transport;
        this.signer = signer;
        this.waiter = waiter;
        this.chunkBytes = chunkBytes;
    }

    /** A client with the default retry policy and timeouts. */
    public static LoupeClient create(URI baseUrl, String publicKey, String secretKey) {
        return builder(baseUrl).keys(publicKey, secretKey).build();
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The same client, speaking for one of the project's users (tokens with {@code sub}, {@code name}, {@code role}). */
    public LoupeClient asUser(String userId, String userName, String role) {
        if (signer == null) {
            throw new IllegalStateException("Only a client made with the project's keys can speak for a user");
        }
        TokenSigner user = signer.forUser(userId, userName, role);
        return new LoupeClient(transport.withToken(user::token), user, waiter, chunkBytes);
    }

    /** The same client with a token from elsewhere (a session's token, a browser token) instead of the keys. */
    public LoupeClient withToken(String token) {
        Objects.requireNonNull(token, "token");
        return new LoupeClient(transport.withToken(() -> token), null, waiter, chunkBytes);
    }

    /** The token the next call sends (renewed when close to expiry). */
    public String token() {
        return transport.token();
    }

    public URI baseUrl() {
        return transport.base();
    }

    public Galleries galleries() {
        return new Galleries(transport);
    }

    public Library library() {
        return new Library(transport, waiter);
    }

    /** The image list API ({@code GET /api/2/images}). */
    public ImageList imageList() {
        return new ImageList(transport);
    }

    public Tasks tasks() {
        return new Tasks(transport, waiter, chunkBytes);
    }

    /** Users and sessions. */
    public People people() {
        return new People(transport);
    }

    /** Comments and ratings. */
    public Comments comments() {
        return new Comments(transport);
    }

    /** How a {@link LoupeClient} is made. */
    public static final class Builder {
        private final URI baseUrl;
        private Supplier<String> token;
        private TokenSigner signer;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private Clock clock = Clock.systemUTC();
        private HttpClient http;
        private Transport.Sleeper sleeper = duration -> Thread.sleep(duration);
        private int chunkBytes = Tasks.CHUNK_BYTES;
        private String publicKey;
        private String secretKey;

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("The base URL must be http or https: " + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /** The project's keys: the client signs its own tokens with them. */
        public Builder keys(String publicKey, String secretKey) {
            this.publicKey = publicKey;
            this.secretKey = secretKey;
            return this;
        }

        /** A fixed token instead of keys (it is not renewed). */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.token = () -> token;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long one request may take, its upload or download included. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The clock tokens are signed by. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** An HTTP client of the caller's (it must not follow redirects). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** The size of a task upload's chunks (at most {@link Tasks#CHUNK_BYTES} suits API Gateway). */
        public Builder chunkBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("chunkBytes must be 1 or more");
            }
            this.chunkBytes = bytes;
            return this;
        }

        Builder sleeper(Transport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public LoupeClient build() {
            if (publicKey != null || secretKey != null) {
                signer = new TokenSigner(publicKey, secretKey, clock);
                token = signer::token;
            }
            if (token == null) {
                throw new IllegalStateException("Give the project's keys (keys) or a token (token)");
            }
            HttpClient client = http != null ? http : HttpClient.newBuilder().connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            return new LoupeClient(new Transport(baseUrl, client, token, retry, requestTimeout, sleeper), signer,
                    new Waiter(sleeper), chunkBytes);
        }
    }
}
