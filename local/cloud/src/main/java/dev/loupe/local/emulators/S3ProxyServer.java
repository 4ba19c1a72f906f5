package dev.loupe.local.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** S3Proxy in this JVM, checking signatures against the local credentials, over a store that reports changes. */
final class S3ProxyServer implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 500;

    private final S3Proxy proxy;
    private final NotifyingBlobStore blobStore;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, NotifyingBlobStore blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /**
     * @param baseDir where to keep the objects, or {@code null} to keep them in memory.
     *                <p>Persistence costs SSE-C: S3Proxy's "filesystem" store answers 501 to SSE-C requests,
     *                while the in-memory "transient" store enforces SSE-C as S3 does. So in-memory mode (the tests'
     *                and the default) is the faithful one; persistent mode trades SSE-C for data that survives.
     */
    static S3ProxyServer start(Path baseDir, String accessKey, String secretKey) throws Exception {
        Properties properties = new Properties();
        String provider = "transient";
        if (baseDir != null) {
            try {
                Files.createDirectories(baseDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + baseDir, e);
            }
            provider = "filesystem";
            properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        }
        BlobStore store = BlobStores.create(provider, properties);
        NotifyingBlobStore notifying = new NotifyingBlobStore(store);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(notifying)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // Jetty's graceful stop would wait for clients' idle keep-alive connections (30 s by default).
                .stopTimeout(STOP_TIMEOUT_MS)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3ProxyServer(proxy, notifying, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    URI endpoint() {
        return endpoint;
    }

    NotifyingBlobStore blobStore() {
        return blobStore;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty gave up waiting for idle client connections, closed them and stopped anyway.
        }
        blobStore.close();
    }
}
