package dev.loupe.library;

import dev.loupe.core.Ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.loupe.local.Backend;
import dev.loupe.local.emulators.Emulators;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;
import dev.loupe.auth.Caller;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.core.http.ApiError;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Folders without events or HTTP, against DynamoDB Local with the images table template.yaml declares: what is
 * stored, what callers may do, and how requests behave when they meet.
 */
@ExtendWith(SharedEmulators.class)
class FolderServiceTest {
    private static DynamoDbClient dynamo;
    private static String table;
    private static FolderStore folders;
    private static ImageStore images;
    private static FolderService service;

    private final Project project = newProject("mine");
    private final Caller backend = caller(project, false, null);

    @BeforeAll
    static void provision(Emulators emulators) {
        Backend backend = Backend.of(emulators);
        dynamo = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamo, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("ImagesTable");
        folders = new FolderStore(dynamo, table);
        images = new ImageStore(dynamo, table);
        service = new FolderService(folders, images, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    // ---------------------------------------------------------------- create, list, details

    @Test
    void aFolderIsCreatedWithATrimmedNameARandomIdAndItsNameClaimed() {
        Folder folder = service.create(backend, "  Holidays 2026 ");

        assertThat(folder.name()).isEqualTo("Holidays 2026");
        assertThat(folder.folderId()).matches("[0-9a-z]{26}");
        assertThat(folder.imageCount()).isZero();
        assertThat(service.get(backend, folder.folderId())).isEqualTo(folder);
        assertThat(folders.nameHolder(project.projectId(), "HOLIDAYS 2026")).contains(folder.folderId());
        assertThat(service.create(backend, "Holidays 2027").folderId()).isNotEqualTo(folder.folderId());
    }

    @Test
    void listIsByNameWithoutRegardToCaseAndHidesFoldersBeingDeleted() {
        service.create(backend, "beta");
        service.create(backend, "Alpha");
        Folder leaving = service.create(backend, "Gamma");
        service.create(backend, "delta");
        assertThat(folders.markDeleting(leaving, Instant.now())).isTrue();

        assertThat(service.list(backend)).extracting(Folder::name).containsExactly("Alpha", "beta", "delta");
        assertError(() -> service.get(backend, leaving.folderId()), 404, "folder_not_found", "folder_id");
    }

    @Test
    void theListIsPagedLikeTheOtherListsAndACursorSurvivesChangesBetweenPages() {
        for (String name : List.of("e", "B", "a", "D", "c")) {
            service.create(backend, name);
        }

        var first = service.list(backend, Optional.of(2), Optional.empty());
        assertThat(first.folders()).extracting(Folder::name).containsExactly("a", "B");
        assertThat(first.nextCursor()).isPresent();
        service.create(backend, "aa"); // before the cursor: not on a later page
        var second = service.list(backend, Optional.of(2), first.nextCursor());
        assertThat(second.folders()).extracting(Folder::name).containsExactly("c", "D");
        var last = service.list(backend, Optional.of(2), second.nextCursor());
        assertThat(last.folders()).extracting(Folder::name).containsExactly("e");
        assertThat(last.nextCursor()).isEmpty();
        assertThat(service.list(backend, Optional.empty(), Optional.empty()).folders()).hasSize(6);

        assertError(() -> service.list(backend, Optional.of(0), Optional.empty()), 400, "bad_parameter", "limit");
        assertError(() -> service.list(backend, Optional.of(201), Optional.empty()), 400, "bad_parameter",
                "limit");
        assertError(() -> service.list(backend, Optional.empty(), Optional.of("not-a-cursor")), 400,
                "bad_parameter", "cursor");
    }

    @Test
    void namesAreUniqueWithoutRegardToCase() {
        service.create(backend, "Trips");

        assertError(() -> service.create(backend, "TRIPS"), 409, "folder_name_taken", "name");
        assertError(() -> service.create(backend, " trips "), 409, "folder_name_taken", "name");
        assertThat(service.list(backend)).extracting(Folder::name).containsExactly("Trips");
        assertConsistent(project);
    }

    @Test
    void badNamesAre400AndNothingIsWritten() {
        for (String bad : new String[]{"", "   ", "x".repeat(101), "a/b", "a\\b", "bell\u0007", "tab\there",
                "line\nbreak"}) {
            assertError(() -> service.create(backend, bad), 400, "bad_parameter", "name");
        }
        assertThat(service.create(backend, "x".repeat(100)).name()).hasSize(100);
        assertThat(folders.all(project.projectId())).hasSize(1);
        assertConsistent(project);
    }

    @Test
    void racingCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        int racers = 12;
        List<Callable<Folder>> creates = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            // Different spellings of one name: the claim is the lower-case form, so they all race for one item.
            String name = i % 2 == 0 ? "Contested" : "CONTESTED";
            creates.add(() -> service.create(backend, name));
        }
        List<Object> outcomes = race(creates);

        List<Folder> winners = outcomes.stream().filter(Folder.class::isInstance).map(Folder.class::cast).toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(ApiError.class::isInstance).hasSize(racers - 1)
                .allSatisfy(e -> assertThat(((ApiError) e).code()).isEqualTo("folder_name_taken"));
        assertThat(service.list(backend)).containsExactly(winners.getFirst());
        assertConsistent(project);
    }

    // ---------------------------------------------------------------- rename

    @Test
    void renameMovesTheClaimAndAChangeOfCaseIsAllowed() {
        Folder folder = service.create(backend, "Drafts");

        Folder renamed = service.rename(backend, folder.folderId(), "Final");
        assertThat(renamed.name()).isEqualTo("Final");
        assertThat(service.get(backend, folder.folderId()).name()).isEqualTo("Final");
        assertThat(service.rename(backend, folder.folderId(), "FINAL").name()).isEqualTo("FINAL");
        // The old name is free again; the new one is taken in any case.
        assertThat(service.create(backend, "drafts").name()).isEqualTo("drafts");
        assertError(() -> service.create(backend, "final"), 409, "folder_name_taken", "name");
        assertError(() -> service.rename(backend, folder.folderId(), "DRAFTS"), 409, "folder_name_taken", "name");
        assertError(() -> service.rename(backend, folder.folderId(), "a/b"), 400, "bad_parameter", "name");
        assertThat(service.get(backend, folder.folderId()).name()).isEqualTo("FINAL");
        assertConsistent(project);
    }

    @Test
    void racingRenamesToOneNameHaveExactlyOneWinnerAndLoseNoClaim() throws Exception {
        List<Folder> contenders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            contenders.add(service.create(backend, "folder " + i));
        }
        List<Callable<Folder>> renames = contenders.stream()
                .<Callable<Folder>>map(f -> () -> service.rename(backend, f.folderId(), "Target")).toList();
        List<Object> outcomes = race(renames);

        assertThat(outcomes).filteredOn(Folder.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ApiError.class::isInstance).hasSize(contenders.size() - 1);
        assertThat(service.list(backend)).extracting(Folder::name).filteredOn("Target"::equals).hasSize(1);
        assertConsistent(project);
    }

    // ---------------------------------------------------------------- delete

    @Test
    void anEmptyFolderIsDeletedAndItsNameFreed() {
        Folder folder = service.create(backend, "Empty");

        service.delete(backend, folder.folderId());

        assertError(() -> service.get(backend, folder.folderId()), 404, "folder_not_found", "folder_id");
        assertError(() -> service.delete(backend, folder.folderId()), 404, "folder_not_found", "folder_id");
        assertThat(folders.nameHolder(project.projectId(), "Empty")).isEmpty();
        assertThat(service.create(backend, "EMPTY").name()).isEqualTo("EMPTY");
    }

    @Test
    void aFolderWithImagesIsNotDeletedWithoutTheFlag() {
        Folder folder = service.create(backend, "Full");
        seedImages(project, folder.folderId(), 2);

        assertError(() -> service.delete(backend, folder.folderId()), 409, "folder_not_empty", "folder_id");
        assertThat(service.get(backend, folder.folderId()).imageCount()).isEqualTo(2);
        assertConsistent(project);
    }

    // ---------------------------------------------------------------- who may do what

    @Test
    void anotherProjectsFolderIsNotFoundForEveryOperation() {
        Folder mine = service.create(backend, "Private");
        seedImages(project, mine.folderId(), 1);
        Caller stranger = caller(newProject("other"), false, null);
        String id = mine.folderId();

        assertThat(service.list(stranger)).isEmpty();
        assertError(() -> service.get(stranger, id), 404, "folder_not_found", "folder_id");
        assertError(() -> service.rename(stranger, id, "Taken over"), 404, "folder_not_found", "folder_id");
        assertError(() -> service.delete(stranger, id), 404, "folder_not_found", "folder_id");
        assertError(() -> service.images(stranger, id, Optional.empty(), Optional.empty()), 404,
                "folder_not_found", "folder_id");
        // The same name is free in another project.
        assertThat(service.create(stranger, "Private").folderId()).isNotEqualTo(id);
        assertThat(service.get(backend, id).name()).isEqualTo("Private");
    }

    /** Issue 13: a viewer or browser token may open a folder by its id but may not enumerate folders or images. */
    @Test
    void viewersAndBrowserTokensMayReadButNeitherListNorChange() {
        Folder folder = service.create(backend, "Shared");
        for (Caller reader : List.of(caller(project, false, Role.VIEWER), caller(project, true, null))) {
            assertError(() -> service.list(reader), 403, "forbidden", null);
            assertError(() -> service.images(reader, folder.folderId(), Optional.empty(), Optional.empty()), 403,
                    "forbidden", null);
            assertThat(service.get(reader, folder.folderId())).isEqualTo(folder);
            assertError(() -> service.create(reader, "Mine now"), 403, "forbidden", null);
            assertError(() -> service.rename(reader, folder.folderId(), "Mine now"), 403, "forbidden", null);
            assertError(() -> service.delete(reader, folder.folderId()), 403, "forbidden", null);
        }
        Caller editor = caller(project, false, Role.EDITOR);
        assertThat(service.rename(editor, folder.folderId(), "Edited").name()).isEqualTo("Edited");
    }

    // ---------------------------------------------------------------- images page by page

    @Test
    void imagesComeNewestFirstPageByPageWithAnOpaqueCursor() {
        Folder folder = service.create(backend, "Paged");
        List<Image> seeded = seedImages(project, folder.folderId(), 7);
        Folder other = service.create(backend, "Other");
        seedImages(project, other.folderId(), 2);

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        List<Integer> sizes = new ArrayList<>();
        do {
            var page = service.images(backend, folder.folderId(), Optional.of(3), cursor);
            page.images().forEach(i -> seen.add(i.imageId()));
            sizes.add(page.images().size());
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(seeded.reversed().stream().map(Image::imageId).toList());
        assertThat(service.images(backend, folder.folderId(), Optional.empty(), Optional.empty()).images())
                .hasSize(7);
    }

    @Test
    void badPagingParametersAre400() {
        Folder folder = service.create(backend, "Paged");
        seedImages(project, folder.folderId(), 3);
        Folder other = service.create(backend, "Other");
        seedImages(project, other.folderId(), 3);
        String othersCursor = service.images(backend, other.folderId(), Optional.of(1), Optional.empty())
                .nextCursor().orElseThrow();

        assertError(() -> service.images(backend, folder.folderId(), Optional.of(0), Optional.empty()), 400,
                "bad_parameter", "limit");
        assertError(() -> service.images(backend, folder.folderId(), Optional.of(201), Optional.empty()), 400,
                "bad_parameter", "limit");
        assertError(() -> service.images(backend, folder.folderId(), Optional.empty(), Optional.of("%%%")), 400,
                "bad_parameter", "cursor");
        assertError(() -> service.images(backend, folder.folderId(), Optional.empty(), Optional.of(othersCursor)),
                400, "bad_parameter", "cursor");
        Caller stranger = caller(newProject("other"), false, null);
        assertError(() -> service.images(stranger, other.folderId(), Optional.empty(), Optional.of(othersCursor)),
                404, "folder_not_found", "folder_id");
    }

    // ---------------------------------------------------------------- helpers

    /** Runs every call at once (behind a barrier); each outcome is its result or its ApiError. */
    static <T> List<Object> race(List<Callable<T>> calls) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(calls.size());
        List<Future<T>> futures = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(calls.size())) {
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return call.call();
                }));
            }
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                outcomes.add(future.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ApiError error)) {
                    throw e;
                }
                outcomes.add(error);
            }
        }
        return outcomes;
    }

    /** Every folder holds the claim of its name and every claim belongs to a folder of that name: nothing lost. */
    static void assertConsistent(Project project) {
        Map<String, String> claims = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        var items = dynamo.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LibraryKeys.foldersPk(
                        project.projectId()))))).items();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.startsWith(LibraryKeys.FOLDER_NAME_SK_PREFIX)) {
                claims.put(sk, item.get("folder_id").s());
            } else if (item.containsKey("name")) {
                names.put(item.get("folder_id").s(), item.get("name").s());
            }
        }
        assertThat(claims).hasSameSizeAs(names);
        names.forEach((id, name) -> assertThat(claims.get(LibraryKeys.folderNameSk(name)))
                .as("claim of '%s'", name).isEqualTo(id));
    }

    static Project newProject(String name) {
        return new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(), name,
                List.of());
    }

    static Caller caller(Project project, boolean browser, Role role) {
        return new Caller(project, browser, role == null ? Optional.empty() : Optional.of("user-1"),
                role == null ? Optional.empty() : Optional.of("User One"), Optional.ofNullable(role),
                Optional.empty());
    }

    /** Active image records in a folder (no bytes), oldest first, each a millisecond apart. */
    static List<Image> seedImages(Project project, String folderId, int count) {
        return seedImages(images, project, folderId, count, "img");
    }

    static List<Image> seedImages(ImageStore store, Project project, String folderId, int count, String prefix) {
        List<Image> seeded = new ArrayList<>();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < count; i++) {
            Instant created = start.plusMillis(i);
            String id = prefix + "-" + Ids.newId();
            Image pending = new Image.Builder().projectId(project.projectId()).imageId(id)
                    .folderId(Optional.of(folderId)).fileName(prefix + i + ".jpg").status(ImageStatus.PENDING)
                    .extension("jpg").md5("0".repeat(32))
                    .objectKey(LibraryKeys.originalKey(project.projectId(), id, prefix + i + ".jpg"))
                    .createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(created).modified(created)
                    .version(1).build();
            assertThat(store.putPending(pending)).isTrue();
            Image active = pending.toBuilder().status(ImageStatus.ACTIVE).width(1).height(1).pages(1).fileSize(10)
                    .build();
            assertThat(store.replace(pending, active)).isTrue();
            seeded.add(active.toBuilder().version(2).build());
        }
        return seeded;
    }

    static void assertError(ThrowingCallable call, int status, String code, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).as("status of %s", e.getMessage()).isEqualTo(status);
            assertThat(e.code()).as("code of %s", e.getMessage()).isEqualTo(code);
            assertThat(e.param()).isEqualTo(Optional.ofNullable(param));
        });
    }
}
