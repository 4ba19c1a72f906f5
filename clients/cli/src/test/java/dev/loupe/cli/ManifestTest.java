package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void anUploadManifestRemembersEachFileByItsMd5() {
        Path file = dir.resolve("m/upload.json");
        UploadManifest manifest = UploadManifest.open(file);
        manifest.recordFolder("folder1");
        manifest.record("a.jpg", new UploadManifest.Entry("abc", 3, "img1"));
        manifest.recordGallery("trip", "owner");

        UploadManifest reopened = UploadManifest.open(file);
        assertThat(reopened.state().folderId()).isEqualTo("folder1");
        assertThat(reopened.state().galleryToken()).isEqualTo("owner");
        assertThat(reopened.sent("a.jpg", "ABC")).map(UploadManifest.Entry::imageId).hasValue("img1");
        assertThat(reopened.sent("a.jpg", "abd")).isEmpty();
        assertThat(reopened.sent("b.jpg", "abc")).isEmpty();
        reopened.forget("a.jpg");
        assertThat(UploadManifest.open(file).sent("a.jpg", "abc")).isEmpty();
        assertThat(dir.resolve("m")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void eachDeploymentProjectTargetAndFolderHasItsOwnManifest() {
        Path a = UploadManifest.defaultLocation(dir, "http://127.0.0.1:3000", "pk", "trip", Path.of("/p/trip"));
        assertThat(a).isEqualTo(UploadManifest.defaultLocation(dir, "http://127.0.0.1:3000", "pk", "trip",
                Path.of("/p/x/../trip")));
        assertThat(a).isNotEqualTo(UploadManifest.defaultLocation(dir, "http://127.0.0.1:3000", "pk2", "trip",
                Path.of("/p/trip")));
        assertThat(a).isNotEqualTo(UploadManifest.defaultLocation(dir, "http://127.0.0.1:3000", "pk", "other",
                Path.of("/p/trip")));
        assertThat(a.getParent()).isEqualTo(dir.resolve(".loupe/uploads"));
    }

    @Test
    void aTaskManifestResumesOnlyTheSameRun() {
        List<TaskManifest.FileState> files = List.of(new TaskManifest.FileState("/x/a.jpg", "m1", 10, 3, 0, null));
        TaskManifest manifest = TaskManifest.create(dir, "t1", "resizeimage", 4, Map.of("pixels_width", "8"), files);
        manifest.chunkSent(0, 0, "sf1");
        manifest.chunkSent(0, 1, "sf1");

        TaskManifest again = TaskManifest.resume(dir, "resizeimage", 4, Map.of("pixels_width", "8"), files).orElseThrow();
        assertThat(again.state().task()).isEqualTo("t1");
        assertThat(again.file(0).chunksSent()).isEqualTo(2);
        assertThat(again.file(0).uploaded()).isFalse();
        again.chunkSent(0, 2, "sf1");
        assertThat(again.file(0).uploaded()).isTrue();

        assertThat(TaskManifest.resume(dir, "rotateimage", 4, Map.of("pixels_width", "8"), files)).isEmpty();
        assertThat(TaskManifest.resume(dir, "resizeimage", 4, Map.of("pixels_width", "9"), files)).isEmpty();
        assertThat(TaskManifest.resume(dir, "resizeimage", 4, Map.of("pixels_width", "8"),
                List.of(new TaskManifest.FileState("/x/a.jpg", "m2", 10, 3, 0, null)))).isEmpty();
        again.delete();
        assertThat(Files.exists(TaskManifest.location(dir))).isFalse();
    }

    @Test
    void parametersKeepTheirTypes() {
        assertThat(TaskCommand.parameters(Map.of("pixels_width", "800", "maintain_ratio", "true", "to", "png",
                "elements", "[{\"type\":\"text\"}]")))
                .containsEntry("pixels_width", 800L).containsEntry("maintain_ratio", true).containsEntry("to", "png")
                .containsEntry("elements", List.of(Map.of("type", "text")));
    }
}
