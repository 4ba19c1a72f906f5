package dev.loupe.library;

import dev.loupe.imaging.ImageType;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.imaging.TestImages;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.fetch.TestFetchers;
import dev.loupe.core.http.ApiError;
import dev.loupe.imaging.ImagingEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The import service against DynamoDB Local and S3Proxy with the template's table and bucket, fetching from a JDK
 * HttpServer on 127.0.0.1. The fetcher's policy lets that one loopback address through (tests only); host names go
 * through a fake resolver, so no DNS is asked; and every connection attempt passes {@link #tripwire} first, which
 * records it and stops any that is not to loopback. A forbidden address appears only as the fake resolver's answer.
 */
@ExtendWith(SharedEmulators.class)
class ImportServiceTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private static DynamoDbClient dynamo;
    private static S3Client realS3;
    private static S3Presigner presigner;
    private static String table;
    private static String bucket;

    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "imports", List.of());
    private final Caller editor = caller(false, Optional.of(Role.EDITOR));
    private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
    private final Map<String, IntFunction<InetAddress[]>> dns = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Decides, for each original or thumbnail put, whether S3 "fails" it: null lets it through. */
    private volatile Function<PutObjectRequest, RuntimeException> s3Failure = put -> null;

    private HttpServer server;
    private ExecutorService executor;
    private int port;
    private SafeFetcher fetcher;
    private ImageStore store;
    private ImageObjects objects;
    private ImportService service;

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        realS3 = backend.s3();
        presigner = backend.s3Presigner();
        Provisioned provisioned;
        try (var sqs = backend.sqs()) {
            provisioned = new Provisioner(dynamo, sqs, realS3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("ImagesTable");
        bucket = provisioned.bucketName("ImageBucket");
    }

    @AfterAll
    static void close() {
        dynamo.close();
        realS3.close();
        presigner.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
        dns.put("images.test", n -> new InetAddress[] {LOOPBACK});

        Resolver fakeResolver = host -> {
            int n = lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            var answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer.apply(n);
        };
        fetcher = TestFetchers.watched(AddressPolicy.PUBLIC_ONLY.allowing(server.getAddress()), fakeResolver,
                ImportService.FETCH_LIMITS, this::tripwire);
        Clock clock = Clock.systemUTC();
        store = new ImageStore(dynamo, table);
        objects = new ImageObjects(failing(realS3), bucket);
        IngestService ingest = new IngestService(store, new ImagingEngine(), clock);
        UploadService uploads = new UploadService(store, ingest, objects, presigner,
                new FolderStore(dynamo, table)::isOpen, clock);
        service = new ImportService(uploads, ingest, fetcher);
    }

    @AfterEach
    void stop() throws InterruptedException {
        fetcher.close();
        server.stop(0);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private void tripwire(InetSocketAddress address) {
        connects.add(address);
        if (!address.getAddress().isLoopbackAddress()) {
            throw new AssertionError("the fetcher tried to connect to " + address);
        }
    }

    // ---------------------------------------------------------------- URL imports

    @Test
    void anImageAtAUrlBecomesAnActiveImageWithThumbnailsAndTheSameBytes() {
        byte[] jpeg = TestFiles.image("jpg", 640, 480);
        serve("/photos/beach.jpg", exchange -> send(exchange, 200, "image/jpeg", jpeg));

        var imported = service.importUrl(editor, url("images.test", "/photos/beach.jpg"), Optional.empty(),
                Optional.of("The beach"), Optional.empty());

        assertThat(imported.archive()).isFalse();
        assertThat(imported.skipped()).isEmpty();
        Image image = single(imported);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.fileName()).isEqualTo("beach.jpg");
        assertThat(image.description()).isEqualTo("The beach");
        assertThat(image.width()).isEqualTo(640);
        assertThat(image.height()).isEqualTo(480);
        assertThat(image.thumbnailSizes()).containsExactlyElementsOf(IngestService.THUMBNAIL_SIZES);
        assertThat(store.find(project.projectId(), image.imageId()).orElseThrow().status())
                .isEqualTo(ImageStatus.ACTIVE);
        assertThat(objects.get(image.objectKey())).isEqualTo(jpeg);
        for (int size : IngestService.THUMBNAIL_SIZES) {
            assertThat(objects.get(LibraryKeys.thumbnailKey(project.projectId(), image.imageId(), size)))
                    .startsWith(0xff, 0xd8, 0xff);
        }
        assertThat(store.counters(project.projectId())).containsEntry("n_active_jpg", 1L);
        assertThat(requests).hasValue(1);
        assertThat(connects).containsOnly(new InetSocketAddress(LOOPBACK, port));
    }

    @Test
    void aFileNameIsTheCallersElseTheServersElseMadeFromTheType() {
        byte[] png = TestFiles.image("png", 32, 32);
        serve("/render", exchange -> send(exchange, 200, "application/octet-stream", png));
        serve("/named", exchange -> {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"Chart 2026.png\"");
            send(exchange, 200, "image/png", png);
        });

        assertThat(single(service.importUrl(editor, url("images.test", "/render"), Optional.empty(),
                Optional.empty(), Optional.empty())).fileName()).isEqualTo("render.png");
        assertThat(single(service.importUrl(editor, url("images.test", "/named"), Optional.empty(),
                Optional.empty(), Optional.empty())).fileName()).isEqualTo("Chart 2026.png");
        assertThat(single(service.importUrl(editor, url("images.test", "/named"), Optional.of("mine.png"),
                Optional.empty(), Optional.empty())).fileName()).isEqualTo("mine.png");

        assertThat(ImportService.nameFor(Optional.empty(), ImageType.JPEG)).isEqualTo("image.jpg");
        assertThat(ImportService.nameFor(Optional.of("view.php"), ImageType.GIF)).isEqualTo("view.php.gif");
        assertThat(ImportService.nameFor(Optional.of("photo.png"), ImageType.WEBP)).isEqualTo("photo.webp");
        assertThat(ImportService.nameFor(Optional.of("scan.TIF"), ImageType.TIFF)).isEqualTo("scan.TIF");
        assertThat(ImportService.nameFor(Optional.of("x".repeat(255)), ImageType.JPEG)).hasSize(255).endsWith(".jpg");
    }

    @Test
    void aRedirectToANameThatResolvesInsideTheNetworkIsRefusedBeforeConnectingAndStoresNothing() {
        dns.put("intranet.test", n -> new InetAddress[] {InetAddress.ofLiteral("10.0.0.8")});
        serve("/go", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://intranet.test:" + port + "/secret.jpg");
            exchange.sendResponseHeaders(302, -1);
        });

        ApiError refused = error(() -> service.importUrl(editor, url("images.test", "/go"), Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertError(refused, 400, "forbidden_address");
        assertThat(refused.getMessage()).contains("intranet.test resolves to a private address");
        assertThat(connects).containsOnly(new InetSocketAddress(LOOPBACK, port));
        assertThat(requests).hasValue(1);
        assertNothingStored();
    }

    @Test
    void aNameThatRebindsToTheMetadataAddressForTheNextConnectionIsRefused() {
        // The first answer passes (loopback stands for a public server here); every later one is the metadata address.
        dns.put("rebind.test", n -> new InetAddress[] {
                n == 1 ? LOOPBACK : InetAddress.ofLiteral("169.254.169.254")});
        serve("/a.jpg", exchange -> {
            exchange.getResponseHeaders().set("Location", "/b.jpg");
            exchange.getResponseHeaders().set("Connection", "close"); // the next hop needs a new connection
            exchange.sendResponseHeaders(302, -1);
        });
        serve("/b.jpg", exchange -> send(exchange, 200, "image/jpeg", TestFiles.image("jpg", 20, 20)));

        ApiError refused = error(() -> service.importUrl(editor, url("rebind.test", "/a.jpg"), Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertError(refused, 400, "forbidden_address");
        assertThat(refused.getMessage()).contains("the cloud metadata address");
        assertThat(lookups.get("rebind.test")).hasValue(2);
        assertThat(connects).containsExactly(new InetSocketAddress(LOOPBACK, port));
        assertThat(requests).hasValue(1);
        assertNothingStored();
    }

    @Test
    void aFileLargerThanTheLibraryTakesIsRefusedFromItsDeclaredLength() {
        serve("/huge.jpg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, IngestService.MAX_BYTES + 1);
            // Some of the body, so that the headers go out; the fetcher must refuse from them alone.
            try {
                for (int i = 0; i < 16; i++) {
                    exchange.getResponseBody().write(new byte[64 * 1024]);
                }
            } catch (IOException expected) {
                // the client hung up
            }
        });

        assertError(error(() -> service.importUrl(editor, url("images.test", "/huge.jpg"), Optional.empty(),
                Optional.empty(), Optional.empty())), 413, "file_too_large");
        assertNothingStored();
    }

    @Test
    void aUrlThatIsNotThereOrNotAnImageIsRefused() {
        serve("/gone.jpg", exchange -> exchange.sendResponseHeaders(404, -1));
        serve("/page", exchange -> send(exchange, 200, "text/html", "<html>hi</html>".getBytes()));
        serve("/lying.png", exchange -> send(exchange, 200, "image/png", TestFiles.image("jpg", 20, 20)));

        assertError(error(() -> service.importUrl(editor, url("images.test", "/gone.jpg"), Optional.empty(),
                Optional.empty(), Optional.empty())), 400, "fetch_failed");
        ApiError page = error(() -> service.importUrl(editor, url("images.test", "/page"), Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertError(page, 415, "unsupported_type");
        assertThat(page.getMessage()).contains("served as text/html");
        // The server's image/* type is checked against the bytes, as a client's would be.
        assertThat(error(() -> service.importUrl(editor, url("images.test", "/lying.png"), Optional.empty(),
                Optional.empty(), Optional.empty())).code()).isEqualTo("content_type_mismatch");
        assertNothingStored();
    }

    @Test
    void aUrlServingAZipImportsItsImages() {
        byte[] zip = TestFiles.zip(entries(
                "album/one.jpg", TestFiles.image("jpg", 50, 40),
                "album/two.png", TestFiles.image("png", 30, 60),
                "__MACOSX/album/._one.jpg", new byte[] {0, 5, 22, 7}));
        serve("/album.zip", exchange -> send(exchange, 200, "application/zip", zip));

        var imported = service.importUrl(editor, url("images.test", "/album.zip"), Optional.empty(),
                Optional.of("From the album"), Optional.empty());

        assertThat(imported.archive()).isTrue();
        assertThat(imported.skipped()).isEmpty();
        assertThat(imported.images()).extracting(Image::fileName).containsExactly("one.jpg", "two.png");
        assertThat(imported.images()).allSatisfy(image -> {
            assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(image.description()).isEqualTo("From the album");
        });
        assertThat(store.counters(project.projectId()))
                .containsEntry("n_active_jpg", 1L).containsEntry("n_active_png", 1L);
    }

    @Test
    void readersMayNotImportAndNothingIsFetchedForThem() {
        serve("/a.jpg", exchange -> send(exchange, 200, "image/jpeg", TestFiles.image("jpg", 20, 20)));
        byte[] zip = TestFiles.zip(entries("a.jpg", TestFiles.image("jpg", 20, 20)));

        for (Caller reader : List.of(caller(false, Optional.of(Role.VIEWER)), caller(true, Optional.empty()))) {
            assertError(error(() -> service.importUrl(reader, url("images.test", "/a.jpg"), Optional.empty(),
                    Optional.empty(), Optional.empty())), 403, "forbidden");
            assertError(error(() -> service.importZip(reader, zip, Optional.empty(), false)), 403, "forbidden");
        }
        assertThat(lookups).isEmpty();
        assertThat(connects).isEmpty();
        assertThat(requests).hasValue(0);
        assertNothingStored();
    }

    @Test
    void aFolderThatDoesNotExistIsRefusedBeforeFetching() {
        serve("/a.jpg", exchange -> send(exchange, 200, "image/jpeg", TestFiles.image("jpg", 20, 20)));

        assertError(error(() -> service.importUrl(editor, url("images.test", "/a.jpg"), Optional.empty(),
                Optional.empty(), Optional.of("no-such-folder"))), 404, "folder_not_found");
        assertThat(requests).hasValue(0);
        assertNothingStored();
    }

    // ---------------------------------------------------------------- ZIP imports

    @Test
    void oneRefusedEntryRefusesTheWholeZipUnlessInvalidOnesAreSkipped() {
        byte[] zip = TestFiles.zip(entries(
                "a.jpg", TestFiles.image("jpg", 40, 40),
                "docs/notes.txt", "not an image".getBytes(),
                "b.gif", TestFiles.image("gif", 40, 40),
                "cut.jpg", TestFiles.truncated(TestFiles.image("jpg", 400, 300), 0.4)));

        ApiError refused = error(() -> service.importZip(editor, zip, Optional.empty(), false));
        assertError(refused, 400, "zip_entry_refused");
        assertThat(refused.getMessage()).contains("2 of the ZIP file's 4 files", "docs/notes.txt (unsupported_type",
                "cut.jpg (damaged_file", "skip_invalid=true");
        assertNothingStored();

        var imported = service.importZip(editor, zip, Optional.empty(), true);
        assertThat(imported.images()).extracting(Image::fileName).containsExactly("a.jpg", "b.gif");
        assertThat(imported.images()).allSatisfy(i -> assertThat(i.status()).isEqualTo(ImageStatus.ACTIVE));
        assertThat(imported.skipped()).extracting(ImportService.Skipped::name, ImportService.Skipped::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs/notes.txt", "unsupported_type"),
                        org.assertj.core.groups.Tuple.tuple("cut.jpg", "damaged_file"));
    }

    @Test
    void skippingInvalidEntriesStillRefusesDamageInsideAScanAndAnAnimationOverThePixelLimit() {
        byte[] photo = TestFiles.image("jpg", 1600, 1200);
        byte[] zip = TestFiles.zip(entries(
                "a.jpg", TestFiles.image("jpg", 40, 40),
                "corrupt-middle.jpg", TestImages.corruptMiddle(photo),
                "frames.gif", TestFiles.gifFrames(5000, 5000, 5),
                "extraneous.jpg", TestImages.extraneousBytesBeforeEnd(photo)));

        ApiError refused = error(() -> service.importZip(editor, zip, Optional.empty(), false));
        assertThat(refused.getMessage()).contains("2 of the ZIP file's 4 files",
                "corrupt-middle.jpg (damaged_file", "frames.gif (too_many_pixels");
        assertNothingStored();

        var imported = service.importZip(editor, zip, Optional.empty(), true);
        assertThat(imported.images()).extracting(Image::fileName).containsExactly("a.jpg", "extraneous.jpg");
        assertThat(imported.skipped()).extracting(ImportService.Skipped::name, ImportService.Skipped::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("corrupt-middle.jpg", "damaged_file"),
                        org.assertj.core.groups.Tuple.tuple("frames.gif", "too_many_pixels"));
    }

    @Test
    void anExifRotatedImageIsStoredWithItsUprightSize() {
        // stored 160 x 120, EXIF orientation 6: shown (and thumbnailed) as 120 x 160
        byte[] turned = new ExifBuilder().orientation(6).into(TestFiles.image("jpg", 160, 120));
        byte[] zip = TestFiles.zip(entries("turned.jpg", turned, "plain.jpg", TestFiles.image("jpg", 160, 120)));

        var imported = service.importZip(editor, zip, Optional.empty(), false);
        assertThat(imported.images()).extracting(Image::fileName, Image::width, Image::height).containsExactly(
                org.assertj.core.groups.Tuple.tuple("turned.jpg", 120, 160),
                org.assertj.core.groups.Tuple.tuple("plain.jpg", 160, 120));
    }

    @Test
    void aZipWithNothingImportableIsRefusedEvenWhenSkipping() {
        byte[] zip = TestFiles.zip(entries("readme.txt", "hello".getBytes()));

        ApiError refused = error(() -> service.importZip(editor, zip, Optional.empty(), true));
        assertError(refused, 400, "zip_entry_refused");
        assertThat(refused.getMessage()).startsWith("The ZIP file's only file can't be imported")
                .contains("readme.txt");
        assertError(error(() -> service.importZip(editor, TestFiles.zip(entries("empty/", new byte[0])),
                Optional.empty(), true)), 400, "empty_zip");
        assertNothingStored();
    }

    @Test
    void unsafeNamesBombsAndTooManyImagesRefuseTheWholeZip() {
        byte[] jpeg = TestFiles.image("jpg", 16, 16);
        assertError(error(() -> service.importZip(editor, TestFiles.zip(entries("ok.jpg", jpeg, "../evil.jpg", jpeg)),
                Optional.empty(), true)), 400, "unsafe_zip_entry");
        assertError(error(() -> service.importZip(editor, TestFiles.zipBomb("zeros.jpg", 12), Optional.empty(),
                true)), 400, "zip_bomb");

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= ImportService.MAX_ZIP_IMAGES; i++) {
            many.put("photo-" + i + ".jpg", jpeg);
        }
        ApiError tooMany = error(() -> service.importZip(editor, TestFiles.zip(many), Optional.empty(), false));
        assertError(tooMany, 400, "zip_too_many_images");
        assertThat(tooMany.getMessage()).contains("101 images", "at most 100", "Split it");
        assertNothingStored();
    }

    @Test
    void whenStoringFailsMidwayTheImagesStoredBeforeAreWithdrawn() {
        byte[] zip = TestFiles.zip(entries("a.jpg", TestFiles.image("jpg", 40, 40),
                "b.jpg", TestFiles.image("jpg", 41, 40), "c.jpg", TestFiles.image("jpg", 42, 40)));
        s3Failure = put -> put.key().endsWith("/c.jpg")
                ? SdkClientException.create("S3 is down (simulated)") : null;

        ApiError failed = error(() -> service.importZip(editor, zip, Optional.empty(), false));

        assertError(failed, 500, "import_failed");
        assertThat(failed.getMessage()).contains("image 3 of 3 (c.jpg)", "the 2 stored before it were removed",
                "nothing was imported");
        assertNothingStored();
        assertThat(imageStatuses()).containsOnly(ImageStatus.FAILED).hasSize(3);
    }

    @Test
    void anImageThatChangedBeforeItCouldBeWithdrawnStaysCompleteAndIsNamed() {
        byte[] zip = TestFiles.zip(entries("a.jpg", TestFiles.image("jpg", 40, 40),
                "b.jpg", TestFiles.image("jpg", 41, 40)));
        List<String> stored = new ArrayList<>();
        s3Failure = put -> {
            if (put.key().startsWith("originals/") && put.key().endsWith("/a.jpg")) {
                stored.add(put.key().split("/")[2]);
            }
            if (!put.key().endsWith("/b.jpg")) {
                return null;
            }
            // Someone edits a.jpg while b.jpg is being stored; then S3 fails b.jpg.
            Image a = store.find(project.projectId(), stored.getFirst()).orElseThrow();
            assertThat(store.replace(a, a.toBuilder().description("edited meanwhile").build())).isTrue();
            return SdkClientException.create("S3 is down (simulated)");
        };

        ApiError failed = error(() -> service.importZip(editor, zip, Optional.empty(), false));

        assertError(failed, 500, "import_incomplete");
        assertThat(failed.getMessage()).contains(stored.getFirst());
        Image a = store.find(project.projectId(), stored.getFirst()).orElseThrow();
        assertThat(a.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(objects.get(a.objectKey())).isNotEmpty();
        assertThat(store.counters(project.projectId())).containsEntry("n_active_jpg", 1L);
    }

    // ---------------------------------------------------------------- helpers

    private Caller caller(boolean browser, Optional<Role> role) {
        return new Caller(project, browser, role.map(r -> "user-1"), role.map(r -> "Ada"), role, Optional.empty());
    }

    private URI url(String host, String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(String path, Handler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            map.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return map;
    }

    private static Image single(ImportService.Imported imported) {
        assertThat(imported.images()).hasSize(1);
        return imported.images().getFirst();
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
        assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
    }

    /** No listed image, and no original or thumbnail of this project in the bucket. */
    private void assertNothingStored() {
        assertThat(store.counters(project.projectId()).values()).allMatch(count -> count == 0);
        assertThat(keysUnder(LibraryKeys.ORIGINALS_PREFIX + project.projectId() + "/")).isEmpty();
        assertThat(keysUnder(LibraryKeys.THUMBNAILS_PREFIX + project.projectId() + "/")).isEmpty();
    }

    private List<String> keysUnder(String prefix) {
        return realS3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The status of every image record of this project, read from the table. */
    private List<ImageStatus> imageStatuses() {
        List<ImageStatus> statuses = new ArrayList<>();
        dynamo.scanPaginator(s -> s.tableName(table)).items().forEach(item -> {
            String pk = item.get("pk").s();
            if (pk.startsWith("P#" + project.projectId() + "#I#") && LibraryKeys.IMAGE_SK.equals(item.get("sk").s())) {
                String imageId = pk.substring(pk.lastIndexOf('#') + 1);
                statuses.add(store.find(project.projectId(), imageId).orElseThrow().status());
            }
        });
        return statuses;
    }

    /** The bucket's client, with puts failing where {@link #s3Failure} says (S3's own outage, simulated). */
    private S3Client failing(S3Client real) {
        InvocationHandler handler = (proxy, method, args) -> {
            // The SDK's convenience overloads (a Consumer of a builder) are interface defaults that build the request
            // and call the request overload: run them on the proxy, so that every call arrives here as a request.
            if (method.isDefault() && method.getParameterCount() > 0
                    && Consumer.class.isAssignableFrom(method.getParameterTypes()[0])) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("putObject") && args[0] instanceof PutObjectRequest put) {
                RuntimeException failure = s3Failure.apply(put);
                if (failure != null) {
                    throw failure;
                }
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                handler);
    }
}
