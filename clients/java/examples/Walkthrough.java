import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.loupe.client.Download;
import dev.loupe.client.Gallery;
import dev.loupe.client.Image;
import dev.loupe.client.ImageListPage;
import dev.loupe.client.ImageQuery;
import dev.loupe.client.LoupeClient;
import dev.loupe.client.ProgressListener;

/**
 * The README's Java client walkthrough, runnable as it is from the repository's root against {@code ./loupe run}
 * (the README, "Java client", has the command): the API's URL and the project's keys come from
 * {@code .loupe-local/project.env}.
 */
public class Walkthrough {
    public static void main(String[] args) {
        String secretKey = System.getenv("LOUPE_SECRET_KEY");
        LoupeClient loupe = LoupeClient.create(URI.create(System.getenv("LOUPE_URL")),
                System.getenv("LOUPE_PUBLIC_KEY"), secretKey);

        Image photo = loupe.library().upload(Path.of("examples/photo.jpg"),
                (done, total) -> System.out.printf("\ruploading %d of %d bytes", done, total));
        System.out.printf("%nimage %s: %s, %dx%d%n", photo.id(), photo.status(), photo.width(), photo.height());

        LoupeClient eve = loupe.asUser("u-eve", "Eve", "editor");
        Gallery gallery = eve.galleries().create(null, "From the Java client", List.of(photo.id()));
        System.out.println("gallery " + gallery.name() + ": " + gallery.links().galleryUrl());

        ImageListPage page = loupe.imageList().page(ImageQuery.all().withExtension("jpg").withLimit(5), 0);
        System.out.println("the image list API: " + page.total() + " JPEG image(s), the first "
                + page.images().getFirst().name());

        Download half = loupe.tasks().run("resizeimage", List.of(Path.of("examples/photo.jpg")),
                Map.of("resize_mode", "percentage", "percentage", 50), Path.of("out"), Duration.ofMinutes(2),
                ProgressListener.NONE);
        System.out.println("task output: " + half.path() + " (" + half.size() + " bytes)");
    }
}
