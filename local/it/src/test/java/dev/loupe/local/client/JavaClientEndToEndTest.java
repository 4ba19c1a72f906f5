package dev.loupe.local.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import dev.loupe.client.Download;
import dev.loupe.client.Gallery;
import dev.loupe.client.GalleryChanges;
import dev.loupe.client.GalleryList;
import dev.loupe.client.Image;
import dev.loupe.client.ImageListPage;
import dev.loupe.client.ImagePage;
import dev.loupe.client.ImageQuery;
import dev.loupe.client.ListedImage;
import dev.loupe.client.LoupeClient;
import dev.loupe.client.LoupeException;
import dev.loupe.client.StartedTask;
import dev.loupe.client.Task;
import dev.loupe.client.TaskFile;
import dev.loupe.client.UploadOptions;
import dev.loupe.client.WebhookVerifier;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.webhooks.WebhookSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client (clients/java) as a project's backend uses it, against the local cloud over loopback: it signs its
 * own tokens from the project's keys (Loupe's verifier accepts them), uploads to the library with progress (through
 * the API and by a presigned PUT), lists through the image list API and the library's listing, takes a gallery
 * through its life, and runs a task from start to download with a chunked upload; and a receiver verifies a webhook
 * that Loupe's signer signed.
 */
@LoupeCloudTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaClientEndToEndTest {
    private static LoupeClient loupe;
    private static ProjectClient project;
    private static Image jpeg;
    private static Image png;

    @TempDir
    static Path files;

    @BeforeAll
    static void start(ProjectClient shared) {
        project = shared;
        // Small chunks, so that a small photo goes to a task in several of them.
        loupe = LoupeClient.builder(shared.baseUri())
                .keys(shared.project().publicKey(), shared.project().secretKey())
                .chunkBytes(1024).build();
    }

    @Test
    @Order(1)
    void uploadsReportTheirProgressThroughTheApiAndByAPresignedPut() throws Exception {
        Path photo = Files.write(files.resolve("beach.jpg"), TestFiles.image("jpg", 1200, 800));
        List<long[]> progress = new CopyOnWriteArrayList<>();

        jpeg = loupe.library().upload(photo, UploadOptions.none().withDescription("Beach"),
                (done, total) -> progress.add(new long[] {done, total}));

        assertThat(jpeg.status()).isEqualTo("active");
        assertThat(jpeg.width()).isEqualTo(1200);
        assertThat(jpeg.fileName()).isEqualTo("beach.jpg");
        assertThat(jpeg.description()).isEqualTo("Beach");
        long size = Files.size(photo);
        assertThat(jpeg.fileSize()).isEqualTo(size);
        assertThat(progress).isNotEmpty().allMatch(p -> p[1] == size);
        assertThat(progress.getLast()[0]).isEqualTo(size);

        // Every file over 0 bytes goes straight to storage for this client; it answers once the image is ingested.
        LoupeClient presigning = LoupeClient.builder(project.baseUri())
                .keys(project.project().publicKey(), project.project().secretKey()).presignedAbove(0).build();
        Path scan = Files.write(files.resolve("scan.png"), TestFiles.image("png", 640, 480));
        List<Long> sent = new CopyOnWriteArrayList<>();
        png = presigning.library().upload(scan, (done, total) -> sent.add(done));
        assertThat(png.status()).isEqualTo("active");
        assertThat(png.width()).isEqualTo(640);
        assertThat(png.md5()).isEqualTo(dev.loupe.client.Library.md5(scan));
        assertThat(sent.getLast()).isEqualTo(Files.size(scan));
        assertThat(loupe.library().image(png.id()).fileName()).isEqualTo("scan.png");
    }

    @Test
    @Order(2)
    void theImageListApiPagesAndFiltersTheLibrary() {
        ImageListPage first = loupe.imageList().page(ImageQuery.all().withLimit(1).withSort("+name"), 0);
        assertThat(first.total()).isEqualTo(2);
        assertThat(first.currentpage()).isZero();
        assertThat(first.images()).extracting(ListedImage::name).containsExactly("beach.jpg");
        ImageListPage second = loupe.imageList().page(ImageQuery.all().withLimit(1).withSort("+name"), 1);
        assertThat(second.images()).extracting(ListedImage::name).containsExactly("scan.png");
        assertThat(second.images().getFirst().width()).isEqualTo(640);

        assertThat(loupe.imageList().all(ImageQuery.all().withExtension("png"))).extracting(ListedImage::id)
                .containsExactly(png.id());
        assertThat(loupe.imageList().all(ImageQuery.all().withLimit(1))).hasSize(2);

        ImagePage library = loupe.library().images(ImageQuery.all().withSearch("beach"), null);
        assertThat(library.images()).extracting(Image::id).containsExactly(jpeg.id());

        assertThatThrownBy(() -> loupe.imageList().page(ImageQuery.all().withLimit(500), 0))
                .isInstanceOfSatisfying(LoupeException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("107");
                });
    }

    @Test
    @Order(3)
    void aGalleryFromCreationToDeletion() {
        LoupeClient eve = loupe.asUser("jc-eve", "Eve", "editor");

        Gallery created = eve.galleries().create("client-walk", "A walk", List.of(jpeg.id()));
        assertThat(created.name()).isEqualTo("client-walk");
        assertThat(created.uploader().username()).isEqualTo("Eve");
        assertThat(created.images()).extracting(Gallery.File::bucket).containsExactly(jpeg.id());

        Gallery added = eve.galleries().addImages("client-walk", List.of(png.id()));
        assertThat(added.images()).extracting(Gallery.File::bucket).containsExactly(jpeg.id(), png.id());

        Gallery edited = eve.galleries().edit("client-walk", GalleryChanges.none().title("A long walk")
                .order(List.of(png.id(), jpeg.id())));
        assertThat(edited.title()).isEqualTo("A long walk");
        assertThat(edited.images()).extracting(Gallery.File::bucket).containsExactly(png.id(), jpeg.id());
        assertThat(eve.galleries().show("client-walk").links().galleryUrl()).contains("client-walk");

        GalleryList list = eve.galleries().list();
        assertThat(list.galleries()).extracting(GalleryList.Entry::name).containsExactly("client-walk");
        assertThat(list.count().total()).isEqualTo(1);

        Gallery removed = eve.galleries().removeImage("client-walk", png.id());
        assertThat(removed.images()).extracting(Gallery.File::bucket).containsExactly(jpeg.id());

        eve.galleries().delete("client-walk");
        assertThatThrownBy(() -> eve.galleries().show("client-walk")).isInstanceOfSatisfying(LoupeException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    @Order(4)
    void aTaskFromStartToDownloadWithAChunkedUpload(@TempDir Path output) throws Exception {
        Path photo = Files.write(files.resolve("dunes.jpg"), TestFiles.image("jpg", 300, 200));
        assertThat(Files.size(photo)).as("more than one chunk").isGreaterThan(2 * 1024);

        StartedTask started = loupe.tasks().start("rotateimage");
        List<Long> sent = new CopyOnWriteArrayList<>();
        TaskFile uploaded = loupe.tasks().upload(started.task(), photo, (done, total) -> sent.add(done));
        assertThat(sent.getLast()).isEqualTo(Files.size(photo));
        assertThat(loupe.tasks().task(started.task()).files()).extracting(Task.File::filesize)
                .containsExactly(Files.size(photo));

        Task processed = loupe.tasks().process(started.task(), "rotateimage",
                List.of(new TaskFile(uploaded.serverFilename(), "dunes.jpg", 90, null)), Map.of());
        Task done = loupe.tasks().await(started.task(), Duration.ofSeconds(60));
        assertThat(done.status()).as(processed.toString()).isEqualTo("TaskSuccess");

        Download download = loupe.tasks().download(started.task(), output, (got, total) -> { });
        assertThat(download.fileName()).endsWith(".jpg");
        assertThat(download.size()).isEqualTo(Files.size(download.path()));
        BufferedImage rotated = ImageIO.read(download.path().toFile());
        assertThat(new int[] {rotated.getWidth(), rotated.getHeight()}).containsExactly(200, 300);
    }

    @Test
    void aReceiverVerifiesWhatLoupesSignerSigned() {
        String secret = project.project().secretKey();
        byte[] body = "{\"event\":\"task.finished\",\"task\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.header(secret, Instant.now(), body);

        assertThat(new WebhookVerifier(secret).verify(header, body)).isTrue();
        assertThat(new WebhookVerifier(secret).verify(header, "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(new WebhookVerifier(secret).verify(WebhookSignature.header(secret,
                Instant.now().minus(Duration.ofMinutes(6)), body), body)).isFalse();
    }
}
