package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.TaskApi;
import org.junit.jupiter.api.Test;

/** The task API's pieces that need no AWS: keys, names, the encryption key, errors, the stored form. */
class TaskPiecesTest {

    @Test
    void keysKeepEveryTaskUnderItsProjectAndListNewestFirstByText() {
        assertThat(TaskKeys.taskPk("p1", "t1")).isEqualTo("P#p1#T#t1");
        assertThat(TaskKeys.inputObject("p1", "t1", "abc.jpg")).isEqualTo("tasks/p1/t1/in/abc.jpg");
        assertThat(TaskKeys.chunkObject("p1", "t1", "abc.jpg", 7)).isEqualTo("tasks/p1/t1/chunks/abc.jpg/000007");
        assertThat(TaskKeys.chunkObject("p1", "t1", "x", 10).compareTo(TaskKeys.chunkObject("p1", "t1", "x", 9)))
                .as("chunks list in order").isPositive();
        assertThat(TaskKeys.listSk(999, "a").compareTo(TaskKeys.listSk(1000, "a"))).as("sortable as text")
                .isNegative();
        assertThat(TaskKeys.inputObject("p1", "t1", "a")).startsWith(TaskKeys.objectPrefix("p1", "t1"));
        assertThat(TaskKeys.openPk("p1")).isNotEqualTo(TaskKeys.taskPk("p1", "OPEN"));
    }

    @Test
    void serverFilenamesAreRandomAndKeepOnlyASafeExtension() {
        String a = TaskService.serverFilename("Holiday Photo.JPG");
        assertThat(a).matches("[a-z2-7]{26}\\.jpg").isNotEqualTo(TaskService.serverFilename("Holiday Photo.JPG"));
        assertThat(TaskService.serverFilename("noextension")).matches("[a-z2-7]{26}");
        assertThat(TaskService.serverFilename("evil.j/pg")).matches("[a-z2-7]{26}");
        assertThat(TaskService.cleanName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(TaskService.cleanName("C:\\\\photos\\\\a\u0000b.png")).isEqualTo("ab.png");
        assertThat(TaskService.cleanName("..")).isEqualTo("file");
    }

    @Test
    void encryptionKeysAre16_24Or32CharactersAndDeriveA256BitSseCKey() {
        for (int length : new int[] {16, 24, 32}) {
            FileKey key = FileKey.of("k".repeat(length));
            assertThat(java.util.Base64.getDecoder().decode(key.base64Key())).hasSize(32);
            assertThat(java.util.Base64.getDecoder().decode(key.base64KeyMd5())).hasSize(16);
        }
        for (int length : new int[] {0, 15, 17, 31, 33, 64}) {
            assertThatThrownBy(() -> FileKey.of("k".repeat(length))).isInstanceOf(ApiError.class)
                    .extracting(e -> ((ApiError) e).code()).isEqualTo("ProcessingError/bad_file_encryption_key");
        }
        assertThat(FileKey.of("a".repeat(16)).base64Key()).isNotEqualTo(FileKey.of("b".repeat(16)).base64Key());
        assertThat(FileKey.check("t1", "a".repeat(16))).isNotEqualTo(FileKey.check("t2", "a".repeat(16)))
                .doesNotContain("aaaa");
        assertThat(FileKey.of("a".repeat(16)).toString()).doesNotContain("a".repeat(16));
    }

    @Test
    void aSealedKeyOpensOnlyForItsTaskAndProjectAndTravelsInTheMessageWithoutTheKey() throws Exception {
        FileKey key = FileKey.of("0123456789abcdef");
        String sealed = SealedKey.seal(key, "project-secret", "task-1");
        assertThat(sealed).isNotEqualTo(SealedKey.seal(key, "project-secret", "task-1")).as("a fresh IV each time")
                .doesNotContain(key.base64Key());
        assertThat(SealedKey.open(sealed, "project-secret", "task-1").base64Key()).isEqualTo(key.base64Key());
        assertThatThrownBy(() -> SealedKey.open(sealed, "project-secret", "task-2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedKey.open(sealed, "another-secret", "task-1"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] altered = java.util.Base64.getDecoder().decode(sealed);
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> SealedKey.open(java.util.Base64.getEncoder().encodeToString(altered),
                "project-secret", "task-1")).isInstanceOf(IllegalArgumentException.class);

        // The message: the sealed key only for encrypted tasks, and read back as written.
        String withKey = Mappers.JSON.writeValueAsString(new FileJob("p", "t", List.of("a.jpg"), sealed));
        assertThat(Mappers.JSON.readValue(withKey, FileJob.class).sealedKey()).isEqualTo(sealed);
        String without = Mappers.JSON.writeValueAsString(new FileJob("p", "t", List.of("a.jpg")));
        assertThat(without).doesNotContain("sealed");
        assertThat(Mappers.JSON.readValue(without, FileJob.class).serverFilenames()).containsExactly("a.jpg");
    }

    @Test
    void errorsRenderTheReferencesTypeAndLoupesReason() throws Exception {
        JsonNode upload = body(TaskErrors.upload("too_many_files", "Too many", "file"));
        assertThat(upload.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(upload.at("/error/reason").asText()).isEqualTo("too_many_files");
        assertThat(upload.at("/error/code").asInt()).isEqualTo(400);
        assertThat(upload.at("/error/param").asText()).isEqualTo("file");
        JsonNode notFound = body(TaskErrors.taskNotFound());
        assertThat(notFound.at("/error/type").asText()).isEqualTo("HTTP Error");
        assertThat(notFound.at("/error/code").asInt()).isEqualTo(404);
        assertThat(notFound.at("/error/reason").asText()).isEqualTo("TaskNotFound");
        assertThatThrownBy(() -> TaskApi.typed("OtherError", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaskSurvivesItsStoredFormAndExpiresAtItsTime() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        Task task = new Task("p", "t", TaskTool.WATERMARK, TaskStatus.SUCCESS_WITH_WARNINGS, "api:3000", now,
                now.plusSeconds(1), now.plus(Duration.ofHours(2)), Optional.of("check"), true, 3, Optional.of(42L),
                Optional.of("note"), Optional.of("{}"), 3, 2, Optional.of(new Task.Output("out.zip", 100, 50, 3,
                List.of("jpg", "png"), "1.25", now.plusSeconds(2), "done")), true);
        assertThat(TaskItems.fromItem(TaskItems.toItem(task))).isEqualTo(task);
        assertThat(task.expired(now.plus(Duration.ofHours(2)))).isTrue();
        assertThat(task.expired(now.plus(Duration.ofHours(2)).minusSeconds(1))).isFalse();
        TaskView view = TaskView.of(task, List.of(), TaskStatus.DELETED.wire());
        assertThat(view.status()).isEqualTo("TaskDeleted");
        assertThat(view.outputExtensions()).containsExactly("jpg", "png");
        assertThat(view.customInt()).isEqualTo(42L);
    }

    @Test
    void aMonthIsAUtcCalendarMonthThatResetsOnTheFirstOfTheNext() {
        java.time.Clock lastMinute = java.time.Clock.fixed(Instant.parse("2026-12-31T23:59:00Z"),
                java.time.ZoneOffset.UTC);
        FileMonth december = FileMonth.of(lastMinute.instant());
        assertThat(december.key()).isEqualTo("2026-12");
        assertThat(december.resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(december.resetDate()).isEqualTo("2027-01-01");
        assertThat(FileMonth.of(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo(december);

        java.time.Clock newYear = java.time.Clock.offset(lastMinute, Duration.ofMinutes(1));
        FileMonth january = FileMonth.of(newYear.instant());
        assertThat(january.key()).isEqualTo("2027-01");
        assertThat(january.resetsAt()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(TaskKeys.monthSk(january)).isNotEqualTo(TaskKeys.monthSk(december));
        // UTC, whatever the local time: 23:30 in New York on Jan 31 is already February.
        assertThat(FileMonth.of(java.time.ZonedDateTime.parse("2027-01-31T23:30:00-05:00[America/New_York]")
                .toInstant()).key()).isEqualTo("2027-02");
        assertThat(FileMonth.of(Instant.parse("2028-02-29T12:00:00Z")).resetsAt())
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        // Its counter outlives the month (TTL), so that an old month goes on its own.
        assertThat(december.expiresAt()).isGreaterThan(december.resetsAt().getEpochSecond());
        assertThat(TaskKeys.monthPk("p1")).isNotEqualTo(TaskKeys.openPk("p1")).startsWith("P#p1#");
    }

    @Test
    void theOpenTaskLimitIsATenthOfTheMonthlyAllowanceAndAtLeastOne() {
        TaskSettings settings = new TaskSettings(1000, 10, 250, Duration.ofHours(2), Duration.ofSeconds(29));
        dev.loupe.auth.Project project = new dev.loupe.auth.Project("p", "pub", "secret", "x", List.of());
        assertThat(settings.monthlyFiles(project)).isEqualTo(250);
        assertThat(settings.maxOpenTasks(project)).isEqualTo(25);
        assertThat(settings.maxOpenTasks(project.withMonthlyFiles(40))).isEqualTo(4);
        assertThat(settings.maxOpenTasks(project.withMonthlyFiles(19))).isEqualTo(1);
        assertThat(settings.maxOpenTasks(project.withMonthlyFiles(3))).isEqualTo(1);
        assertThat(settings.monthlyFiles(project.withMonthlyFiles(3))).isEqualTo(3);
    }

    @Test
    void aUsedUpAllowanceIsTheStepsErrorWithTheResetDate() throws Exception {
        FileMonth month = FileMonth.of(Instant.parse("2026-12-31T23:59:00Z"));
        JsonNode process = body(TaskErrors.monthlyFilesUsedUp("ProcessingError", "No room.", month, "files"));
        assertThat(process.at("/error/type").asText()).isEqualTo("ProcessingError");
        assertThat(process.at("/error/code").asInt()).isEqualTo(400);
        assertThat(process.at("/error/reason").asText()).isEqualTo("monthly_files_used_up");
        assertThat(process.at("/error/message").asText()).isEqualTo("No room. The monthly allowance resets on "
                + "2027-01-01 (00:00 UTC).");
        JsonNode upload = body(TaskErrors.monthlyFilesUsedUp("UploadError", "No room.", month, "file"));
        assertThat(upload.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(upload.at("/error/reason").asText()).isEqualTo("monthly_files_used_up");
    }

    private static JsonNode body(ApiError error) throws Exception {
        return Mappers.JSON.readTree(TaskApi.INSTANCE.error(error, Format.JSON).getBody());
    }
}
