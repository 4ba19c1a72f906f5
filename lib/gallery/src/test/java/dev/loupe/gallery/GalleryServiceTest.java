package dev.loupe.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
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
import dev.loupe.library.Image;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImageUsage;
import dev.loupe.library.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The gallery service without events or HTTP, against DynamoDB Local with the table template.yaml declares: what it
 * stores, and how it behaves when requests meet.
 */
@ExtendWith(SharedEmulators.class)
class GalleryServiceTest {
    private static DynamoDbClient dynamoDb;
    private static String table;
    private static GalleryService service;
    private static ImageStore images;
    private static ImageService library;
    private static Backend backend;
    private final Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
            ProjectKeys.newSecretKey(), "test", List.of());

    @BeforeAll
    static void provision(Emulators emulators) {
        backend = Backend.of(emulators);
        dynamoDb = backend.dynamoDb();
        Provisioned provisioned;
        try (var sqs = backend.sqs(); var s3 = backend.s3()) {
            provisioned = new Provisioner(dynamoDb, sqs, s3).provision(Fixtures.loupeTemplate());
        }
        table = provisioned.tableName("GalleriesTable");
        images = new ImageStore(dynamoDb, provisioned.tableName("ImagesTable"));
        // The service never deletes image bytes; a bucket client is not needed.
        library = new ImageService(images, new ImageObjects(null, "unused"), Clock.systemUTC());
        service = new GalleryService(new GalleryStore(dynamoDb, table), images, library, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        dynamoDb.close();
    }

    private Caller anonymous() {
        return new Caller(project, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Map<String, AttributeValue> stored(String name) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("P#" + project.projectId() + "#G#" + name),
                "sk", AttributeValue.fromS("GALLERY")))).item();
    }

    @Test
    void anAnonymousOwnersTokenIsKeptOnlyAsItsHash() {
        var created = service.create(anonymous(), new GalleryService.CreateCommand(Optional.of("Trip"),
                Optional.of("trip"), Optional.empty(), List.of()));
        String token = created.ownerToken().orElseThrow();

        Map<String, AttributeValue> item = stored("trip");
        assertThat(item.get("owner_token_hash").s()).isEqualTo(OwnerTokens.hash(token)).isNotEqualTo(token);
        assertThat(item.values()).noneMatch(v -> token.equals(v.s()));
        assertThat(item).doesNotContainKey("owner_pk");

        assertThat(service.view(anonymous(), "trip", Optional.of(token)).ownerToken()).contains(token);
        assertThat(service.view(anonymous(), "trip", Optional.of("x".repeat(32))).ownerToken()).isEmpty();
        assertThat(service.view(anonymous(), "trip", Optional.empty()).ownerToken()).isEmpty();
    }

    @Test
    void aRegisteredUserOwnsTheGalleryAndItIsInTheOwnerIndex() {
        Caller user = new Caller(project, false, Optional.of("u-1"), Optional.of("Ada"), Optional.of(Role.EDITOR),
                Optional.empty());
        var created = service.create(user, new GalleryService.CreateCommand(Optional.of("Notes"), Optional.empty(),
                Optional.of("ignored-because-registered-0001"), List.of()));

        assertThat(created.ownerToken()).isEmpty();
        assertThat(created.gallery().name()).isEqualTo("notes");
        Map<String, AttributeValue> item = stored("notes");
        assertThat(item.get("owner_pk").s()).isEqualTo("P#" + project.projectId() + "#U#u-1");
        assertThat(item.get("added_sk").s()).endsWith("#notes");
        assertThat(item).doesNotContainKey("owner_token_hash");
    }

    @Test
    void twoProjectsMayUseTheSameNameWithoutSeeingEachOther() {
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "other", List.of());
        Caller otherCaller = new Caller(other, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        var mine = service.create(anonymous(), new GalleryService.CreateCommand(Optional.of("mine"),
                Optional.of("shared-name"), Optional.empty(), List.of()));
        var theirs = service.create(otherCaller, new GalleryService.CreateCommand(Optional.of("theirs"),
                Optional.of("shared-name"), Optional.empty(), List.of()));

        assertThat(mine.gallery().name()).isEqualTo("shared-name");
        assertThat(theirs.gallery().name()).isEqualTo("shared-name");
        assertThat(service.view(anonymous(), "shared-name", Optional.empty()).gallery().title()).isEqualTo("mine");
        assertThat(service.view(otherCaller, "shared-name", Optional.empty()).gallery().title()).isEqualTo("theirs");
    }

    @Test
    void createsRacingForOneNameLoseNothing() throws Exception {
        int racers = 16;
        CyclicBarrier barrier = new CyclicBarrier(racers);
        List<Future<GalleryService.Result>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                String title = "racer " + i;
                results.add(pool.submit(() -> {
                    barrier.await();
                    return service.create(anonymous(), new GalleryService.CreateCommand(Optional.of(title),
                            Optional.of("contested"), Optional.empty(), List.of()));
                }));
            }
        }
        Set<String> names = new HashSet<>();
        for (var result : results) {
            GalleryService.Result created = result.get();
            names.add(created.gallery().name());
            // Each racer's own gallery is stored under the name it was told, with its own title.
            assertThat(service.view(anonymous(), created.gallery().name(), Optional.empty()).gallery().title())
                    .isEqualTo(created.gallery().title());
        }
        assertThat(names).hasSize(racers).contains("contested");
    }

    // ---------------------------------------------------------------- images, ownership, errors

    private static int seeded;

    /** An active library image of the project, written as ingest would leave it (no bytes: presigning needs none). */
    private static String seedImage(Project project, String fileName) {
        String id = "img-" + (++seeded) + "-" + ProjectKeys.newPublicKey().substring(0, 8).toLowerCase();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Image pending = new Image.Builder().projectId(project.projectId()).imageId(id).fileName(fileName)
                .status(ImageStatus.PENDING).extension("jpg").md5("0".repeat(32)).objectKey("seed/" + id)
                .createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(now).modified(now).version(1).build();
        images.putPending(pending);
        if (!images.replace(pending, pending.toBuilder().status(ImageStatus.ACTIVE).width(4).height(3).pages(1)
                .thumbnailSizes(List.of(150)).build())) {
            throw new IllegalStateException("seeding raced");
        }
        return id;
    }

    private Caller user(String id) {
        return new Caller(project, false, Optional.of(id), Optional.of("name " + id), Optional.of(Role.EDITOR),
                Optional.empty());
    }

    private GalleryService.CreateCommand named(String name) {
        return new GalleryService.CreateCommand(Optional.of("Title " + name), Optional.of(name), Optional.empty(),
                List.of());
    }

    private static void refused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    private List<String> galleryUsages(String imageId) {
        return library.details(anonymous(), imageId).usages().stream().filter(u -> u.feature().equals("gallery"))
                .map(ImageUsage::ref).toList();
    }

    @Test
    void fiftyAddsReleasedTogetherLoseNothingAndConflictsAreRetried() throws Exception {
        Caller owner = user("racer-owner");
        service.create(owner, named("race"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(seedImage(project, "r" + i + ".jpg"));
        }
        long retriesBefore = service.retries();
        CyclicBarrier barrier = new CyclicBarrier(50);
        List<Future<?>> adds = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (String id : ids) {
                adds.add(pool.submit(() -> {
                    barrier.await();
                    return service.add(owner, "race", Optional.empty(), List.of(id));
                }));
            }
        }
        for (var add : adds) {
            add.get();
        }
        var gallery = service.view(owner, "race", Optional.empty());
        assertThat(gallery.gallery().imageIds()).hasSize(50).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(gallery.images()).hasSize(50);
        assertThat(service.retries() - retriesBefore).as("lost races that were retried").isPositive();
        assertThat(galleryUsages(ids.get(17))).containsExactly("race");
    }

    @Test
    void imagesKeepTheirOrderCanBeReorderedRemovedAndLeaveWithTheGallery() {
        String a = seedImage(project, "a.jpg");
        String b = seedImage(project, "b.jpg");
        String c = seedImage(project, "c.jpg");
        var created = service.create(anonymous(), new GalleryService.CreateCommand(Optional.of("Walk"),
                Optional.empty(), Optional.empty(), List.of(a)));
        String name = created.gallery().name();
        Optional<String> token = created.ownerToken();
        assertThat(name).startsWith("a");
        assertThat(created.images()).extracting(Image::imageId).containsExactly(a);

        var added = service.add(anonymous(), name, token, List.of(b, c, a));
        assertThat(added.images()).extracting(Image::imageId).containsExactly(a, b, c);
        assertThat(added.ownerToken()).isEqualTo(token);
        assertThat(added.gallery().version()).isEqualTo(2);
        assertThat(galleryUsages(b)).containsExactly(name);

        var edited = service.edit(anonymous(), name, token, new GalleryService.EditCommand(Optional.of("New"),
                List.of(c, a)));
        assertThat(edited.gallery().title()).isEqualTo("New");
        assertThat(edited.images()).extracting(Image::imageId).containsExactly(c, a, b);

        var removed = service.deleteImage(anonymous(), name, token, Optional.of(a));
        assertThat(removed.images()).extracting(Image::imageId).containsExactly(c, b);
        assertThat(galleryUsages(a)).isEmpty();
        refused(() -> service.deleteImage(anonymous(), name, token, Optional.of(a)), 404, "no_image");
        refused(() -> service.deleteImage(anonymous(), name, token, Optional.empty()), 404, "no_image");

        service.delete(anonymous(), name, token);
        assertThat(galleryUsages(b)).isEmpty();
        assertThat(galleryUsages(c)).isEmpty();
        refused(() -> service.view(anonymous(), name, Optional.empty()), 404, "not_exist");
        refused(() -> service.delete(anonymous(), name, token), 404, "io_exist_error");
    }

    @Test
    void anEditWithImagesReplacesTheListAndItsUsagesCaptionsAndCover() {
        Caller owner = user("replace-owner");
        String a = seedImage(project, "a.jpg");
        String b = seedImage(project, "b.jpg");
        String c = seedImage(project, "c.jpg");
        String d = seedImage(project, "d.jpg");
        GalleryService.Settings none = GalleryService.Settings.NONE;
        GalleryService.Settings captions = new GalleryService.Settings(none.description(), none.security(),
                none.password(), none.interval(), none.transition(), none.loop(), none.shuffle(), none.captionsShown(),
                none.theme(), Optional.of(a), Map.of(a, "gone soon", b, "stays"));
        createWith(owner, "replace", captions, a, b);

        // The gallery API's edit: these images, in this order, and no others; order still moves some first.
        var edited = service.edit(owner, "replace", Optional.empty(), new GalleryService.EditCommand(Optional.empty(),
                Optional.of(List.of(c, b, d)), List.of(d), none));
        assertThat(edited.images()).extracting(Image::imageId).containsExactly(d, c, b);
        assertThat(edited.gallery().details().captions()).containsOnly(Map.entry(b, "stays"));
        assertThat(edited.gallery().details().coverImageId()).as("the cover was a dropped image").isEmpty();
        assertThat(galleryUsages(a)).as("a dropped image's usage").isEmpty();
        assertThat(galleryUsages(c)).containsExactly("replace");
        assertThat(galleryUsages(b)).containsExactly("replace");

        // Refusals change nothing: another project's (or an unknown) image, an empty list, order outside the list.
        refused(() -> service.edit(owner, "replace", Optional.empty(), new GalleryService.EditCommand(Optional.empty(),
                Optional.of(List.of(a, "no-such-image")), List.of(), none)), 400, "bad_parameter_file");
        refused(() -> service.edit(owner, "replace", Optional.empty(), new GalleryService.EditCommand(Optional.empty(),
                Optional.of(List.of()), List.of(), none)), 400, "bad_parameter_file");
        refused(() -> service.edit(owner, "replace", Optional.empty(), new GalleryService.EditCommand(Optional.empty(),
                Optional.of(List.of(a)), List.of(b), none)), 400, "bad_parameter_file");
        assertThat(service.view(owner, "replace", Optional.empty()).images()).extracting(Image::imageId)
                .containsExactly(d, c, b);
        assertThat(galleryUsages(a)).as("no usage left by a refused replacement").isEmpty();
        refused(() -> service.edit(user("someone-else"), "replace", Optional.empty(), new GalleryService.EditCommand(
                Optional.empty(), Optional.of(List.of(a)), List.of(), none)), 403, "not_owner_save_album");
        assertThat(galleryUsages(a)).isEmpty();
    }

    @Test
    void ownershipMatrix() {
        String image = seedImage(project, "o.jpg");
        var anon = service.create(anonymous(), named("anon-owned"));
        Optional<String> token = anon.ownerToken();
        Optional<String> wrong = Optional.of("f".repeat(32));
        service.create(user("ada"), named("ada-owned"));

        // Anonymous gallery: its token is what proves ownership.
        refused(() -> service.add(anonymous(), "anon-owned", Optional.empty(), List.of(image)), 401,
                "authentication_failed_add_image");
        refused(() -> service.add(anonymous(), "anon-owned", wrong, List.of(image)), 403, "not_owner_add_image");
        refused(() -> service.add(user("bob"), "anon-owned", Optional.empty(), List.of(image)), 403,
                "not_owner_add_image");
        assertThat(service.add(user("bob"), "anon-owned", token, List.of(image)).images()).hasSize(1);

        // A registered user's gallery: only that user.
        var edit = new GalleryService.EditCommand(Optional.of("x"), List.of());
        refused(() -> service.edit(anonymous(), "ada-owned", Optional.empty(), edit), 401,
                "authentication_failed_save_album");
        refused(() -> service.edit(anonymous(), "ada-owned", token, edit), 403, "not_owner_save_album");
        refused(() -> service.edit(user("bob"), "ada-owned", Optional.empty(), edit), 403, "not_owner_save_album");
        assertThat(service.edit(user("ada"), "ada-owned", Optional.empty(), edit).gallery().title()).isEqualTo("x");
        refused(() -> service.deleteImage(anonymous(), "ada-owned", Optional.empty(), Optional.of(image)), 401,
                "authentication_failed_delete_image");
        refused(() -> service.deleteImage(user("bob"), "ada-owned", Optional.empty(), Optional.of(image)), 403,
                "not_owner_delete_image");
        refused(() -> service.delete(anonymous(), "ada-owned", Optional.empty()), 401, "authentication_failed_delete");
        refused(() -> service.delete(user("bob"), "ada-owned", Optional.empty()), 403, "not_owner_delete");
        service.delete(user("ada"), "ada-owned", Optional.empty());

        // Missing galleries answer each action's own code.
        refused(() -> service.edit(user("ada"), "nothing-here", Optional.empty(), edit), 404, "io_exists_error");
        refused(() -> service.add(user("ada"), "nothing-here", Optional.empty(), List.of(image)), 404,
                "io_exist_error");
        refused(() -> service.deleteImage(user("ada"), "nothing-here", Optional.empty(), Optional.of(image)), 404,
                "io_exist_error");
    }

    @Test
    void anotherProjectsGalleriesAndImagesAreAbsent() {
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(), ProjectKeys.newSecretKey(),
                "other", List.of());
        Caller otherAda = new Caller(other, false, Optional.of("ada"), Optional.empty(), Optional.empty(),
                Optional.empty());
        String theirImage = seedImage(other, "t.jpg");
        service.create(otherAda, named("theirs"));
        service.create(user("ada"), named("ours"));

        refused(() -> service.view(user("ada"), "theirs", Optional.empty()), 404, "not_exist");
        refused(() -> service.add(user("ada"), "theirs", Optional.empty(), List.of(seedImage(project, "m.jpg"))),
                404, "io_exist_error");
        refused(() -> service.add(user("ada"), "ours", Optional.empty(), List.of(theirImage)), 400,
                "bad_parameter_file");
        refused(() -> service.add(user("ada"), "ours", Optional.empty(), List.of("no-such-image")), 400,
                "bad_parameter_file");
        refused(() -> service.create(user("ada"), new GalleryService.CreateCommand(Optional.empty(),
                Optional.of("with-theirs"), Optional.empty(), List.of(theirImage))), 400, "bad_parameter_file");
        refused(() -> service.edit(user("ada"), "ours", Optional.empty(), new GalleryService.EditCommand(
                Optional.empty(), List.of(theirImage))), 400, "bad_parameter_file");
        assertThat(service.list(otherAda, Optional.empty(), 0, 20).galleries()).extracting(Gallery::name)
                .containsExactly("theirs");
    }

    @Test
    void galleryListPagesAUsersGalleriesNewestFirstFromTheIndex() {
        Caller lister = user("lister");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            names.add(service.create(lister, named("list-" + i)).gallery().name());
        }
        var all = service.list(anonymous(), Optional.of("lister"), 0, 100);
        assertThat(all.total()).isEqualTo(7);
        assertThat(all.galleries()).hasSize(7);
        var page = service.list(lister, Optional.empty(), 2, 3);
        assertThat(page.total()).isEqualTo(7);
        assertThat(page.galleries()).extracting(Gallery::name).containsExactlyElementsOf(
                all.galleries().subList(2, 5).stream().map(Gallery::name).toList());
        assertThat(service.list(lister, Optional.empty(), 7, 3).galleries()).isEmpty();
        // Past the middle a page is read from the oldest end, and comes out the same.
        assertThat(service.list(lister, Optional.empty(), 4, 3).galleries()).extracting(Gallery::name)
                .containsExactlyElementsOf(all.galleries().subList(4, 7).stream().map(Gallery::name).toList());
        assertThat(service.list(lister, Optional.empty(), 5, 20).galleries()).extracting(Gallery::name)
                .containsExactlyElementsOf(all.galleries().subList(5, 7).stream().map(Gallery::name).toList());
        // The totals are the user's counters: moved by deletes and by changes of listing.
        service.delete(lister, names.get(0), Optional.empty());
        editWith(lister, names.get(1), security(Security.PRIVATE, null));
        assertThat(service.list(lister, Optional.empty(), 0, 20).total()).isEqualTo(6);
        assertThat(service.list(anonymous(), Optional.of("lister"), 0, 20).total()).isEqualTo(5);
        assertThat(service.list(anonymous(), Optional.of("lister"), 0, 20).galleries()).hasSize(5);
        editWith(lister, names.get(1), security(Security.UNLISTED, null));
        assertThat(service.list(anonymous(), Optional.of("lister"), 0, 20).total()).isEqualTo(5);
        editWith(lister, names.get(1), security(Security.PUBLIC, null));
        assertThat(service.list(anonymous(), Optional.of("lister"), 0, 20).total()).isEqualTo(6);
        assertThat(all.galleries()).extracting(Gallery::added).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        refused(() -> service.list(lister, Optional.of("nobody"), 0, 20), 404, "no_gallery");
        refused(() -> service.list(anonymous(), Optional.empty(), 0, 20), 400, "bad_parameter_user");
    }

    // ---------------------------------------------------------------- the slideshow side (the slideshow API)

    private static GalleryService.Settings security(Security security, String password) {
        GalleryService.Settings none = GalleryService.Settings.NONE;
        return new GalleryService.Settings(none.description(), Optional.of(security), Optional.ofNullable(password),
                none.interval(), none.transition(), none.loop(), none.shuffle(), none.captionsShown(), none.theme(),
                none.cover(), Map.of());
    }

    private GalleryService.Result createWith(Caller owner, String name, GalleryService.Settings settings,
                                             String... imageIds) {
        return service.create(owner, new GalleryService.CreateCommand(Optional.of("Title " + name),
                Optional.of(name), Optional.empty(), List.of(imageIds), settings));
    }

    private GalleryService.Result editWith(Caller owner, String name, GalleryService.Settings settings) {
        return service.edit(owner, name, Optional.empty(), new GalleryService.EditCommand(Optional.empty(),
                List.of(), settings));
    }

    private static List<String> newestNames(Project p) {
        List<String> names = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            var page = service.newest(p.projectId(), after, 2);
            page.galleries().forEach(g -> names.add(g.name()));
            after = page.next();
        } while (after.isPresent());
        return names;
    }

    @Test
    void anOwnersBlockClosesTheirGalleriesToAMemberUntilItIsLifted() {
        Caller owner = user("blk-owner");
        Caller member = user("blk-member");
        Caller contributor = user("blk-contributor");
        Caller stranger = user("blk-stranger");
        Set<String> blocked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        GalleryService blocking = new GalleryService(new GalleryStore(dynamoDb, table), images, library,
                Clock.systemUTC(), PasswordThrottle.NONE,
                (projectId, ownerUserId, userId) -> blocked.contains(projectId + "/" + ownerUserId + ">" + userId));
        Gallery den = createWith(owner, "blk-private", security(Security.PRIVATE, null)).gallery();
        createWith(owner, "blk-password", security(Security.PASSWORD, "open sesame"));
        Gallery protectedOne = blocking.visible(owner, "blk-password", GalleryService.Access.NONE);
        for (var invited : List.of(Map.entry(den, member), Map.entry(den, contributor),
                Map.entry(protectedOne, member))) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(GalleryKeys.memberKeyMap(invited.getKey(),
                    invited.getValue().userId().orElseThrow()));
            item.put("role", AttributeValue.fromS(invited.getValue() == contributor ? "contributor" : "viewer"));
            dynamoDb.putItem(r -> r.tableName(table).item(item));
        }
        assertThat(blocking.view(member, "blk-private", Optional.empty()).gallery().name()).isEqualTo("blk-private");
        assertThat(blocking.publicView(project.projectId(), "blk-private", Optional.empty(), member.userId(), false)
                .gallery().name()).isEqualTo("blk-private");
        assertThat(blocking.view(member, "blk-password", Optional.empty()).gallery().name())
                .isEqualTo("blk-password");
        assertThat(blocking.requireContributor(contributor, "blk-private").name()).isEqualTo("blk-private");

        // Blocked, the member is a stranger: the private gallery is missing, the protected one wants its password.
        blocked.add(project.projectId() + "/blk-owner>blk-member");
        blocked.add(project.projectId() + "/blk-owner>blk-contributor");
        refused(() -> blocking.view(stranger, "blk-private", Optional.empty()), 404, "not_exist");
        refused(() -> blocking.view(member, "blk-private", Optional.empty()), 404, "not_exist");
        refused(() -> blocking.visible(member, "blk-private", GalleryService.Access.NONE), 404, "not_exist");
        refused(() -> blocking.publicView(project.projectId(), "blk-private", Optional.empty(), member.userId(),
                false), 404, "not_exist");
        refused(() -> blocking.view(member, "blk-password", Optional.empty()), 401, "password_required");
        refused(() -> blocking.requireContributor(contributor, "blk-private"), 404, "not_exist");
        // The owner's blocks bind only the owner's galleries' members; the owner still sees everything.
        assertThat(blocking.view(owner, "blk-private", Optional.empty()).gallery().name()).isEqualTo("blk-private");

        // Lifted: the invitations still stand, so the galleries open again.
        blocked.clear();
        assertThat(blocking.view(member, "blk-private", Optional.empty()).gallery().name()).isEqualTo("blk-private");
        assertThat(blocking.view(member, "blk-password", Optional.empty()).gallery().name())
                .isEqualTo("blk-password");
        assertThat(blocking.requireContributor(contributor, "blk-private").name()).isEqualTo("blk-private");
    }

    @Test
    void eachSecurityLevelIsHonouredOnEveryReadPath() {
        Caller owner = user("sec-owner");
        Caller visitor = user("sec-visitor");
        String image = seedImage(project, "s.jpg");
        createWith(owner, "sec-public", GalleryService.Settings.NONE, image);
        createWith(owner, "sec-unlisted", security(Security.UNLISTED, null), image);
        var privateOne = createWith(owner, "sec-private", security(Security.PRIVATE, null), image);
        refused(() -> createWith(owner, "sec-nopass", security(Security.PASSWORD, null)), 400,
                "bad_parameter_password");
        refused(() -> createWith(owner, "sec-short", security(Security.PASSWORD, "abc")), 400,
                "bad_parameter_password");
        refused(() -> createWith(owner, "sec-stray", security(Security.UNLISTED, "a password")), 400,
                "bad_parameter_password");
        createWith(owner, "sec-password", security(Security.PASSWORD, "open sesame"), image);

        // The API's view.
        assertThat(service.view(visitor, "sec-public", Optional.empty()).images()).hasSize(1);
        assertThat(service.view(visitor, "sec-unlisted", Optional.empty()).images()).hasSize(1);
        refused(() -> service.view(visitor, "sec-private", Optional.empty()), 404, "not_exist");
        refused(() -> service.view(visitor, "sec-password", Optional.empty()), 401, "password_required");
        refused(() -> service.view(visitor, "sec-password", Optional.empty(),
                new GalleryService.Access(Optional.of("open sesame!"), Optional.empty())), 403, "wrong_password");
        var opened = service.view(visitor, "sec-password", Optional.empty(),
                new GalleryService.Access(Optional.of("open sesame"), Optional.empty()));
        assertThat(opened.images()).hasSize(1);
        String viewToken = opened.viewToken().orElseThrow();
        assertThat(service.view(visitor, "sec-password", Optional.empty(),
                new GalleryService.Access(Optional.empty(), Optional.of(viewToken))).images()).hasSize(1);
        // The owner sees everything, and gets view tokens for the pages of the closed ones.
        assertThat(service.view(owner, "sec-private", Optional.empty()).viewToken()).isPresent();
        assertThat(service.view(owner, "sec-password", Optional.empty()).viewToken()).isPresent();
        assertThat(service.view(owner, "sec-public", Optional.empty()).viewToken()).isEmpty();

        // Changes: a private gallery does not exist for others, also when they try to change it.
        refused(() -> editWith(visitor, "sec-private", GalleryService.Settings.NONE), 404, "io_exists_error");
        refused(() -> editWith(visitor, "sec-unlisted", GalleryService.Settings.NONE), 403, "not_owner_save_album");

        // Lists: the owner's own list has all; anyone else's view of it, and the newest, only the public one.
        assertThat(service.list(owner, Optional.empty(), 0, 100).galleries()).extracting(Gallery::name)
                .containsExactlyInAnyOrder("sec-public", "sec-unlisted", "sec-private", "sec-password");
        assertThat(service.list(visitor, Optional.of("sec-owner"), 0, 100).galleries()).extracting(Gallery::name)
                .containsExactly("sec-public");
        assertThat(service.list(visitor, Optional.of("sec-owner"), 0, 100).total()).isEqualTo(1);
        assertThat(newestNames(project)).contains("sec-public")
                .doesNotContain("sec-unlisted", "sec-private", "sec-password");

        // The public page: no caller at all.
        String projectId = project.projectId();
        assertThat(service.publicView(projectId, "sec-public", Optional.empty(), false).images()).hasSize(1);
        assertThat(service.publicView(projectId, "sec-unlisted", Optional.empty(), false).images()).hasSize(1);
        refused(() -> service.publicView(projectId, "sec-private", Optional.empty(), false), 404, "not_exist");
        refused(() -> service.publicView(projectId, "sec-password", Optional.empty(), false), 401,
                "password_required");
        assertThat(service.publicView(projectId, "sec-password", Optional.of(viewToken), false).viewToken())
                .contains(viewToken);
        String ownersToken = privateOne.viewToken().orElseThrow();
        assertThat(service.publicView(projectId, "sec-private", Optional.of(ownersToken), false).images())
                .hasSize(1);
        // The owner signed in with the session cookie needs no token; another signed-in user is a visitor.
        assertThat(service.publicView(projectId, "sec-private", Optional.empty(), Optional.of("sec-owner"), false)
                .images()).hasSize(1);
        assertThat(service.publicView(projectId, "sec-password", Optional.empty(), Optional.of("sec-owner"), false)
                .viewToken()).isEmpty();
        refused(() -> service.publicView(projectId, "sec-private", Optional.empty(), Optional.of("someone"), false),
                404, "not_exist");
        refused(() -> service.publicView(projectId, "sec-password", Optional.empty(), Optional.of("someone"),
                false), 401, "password_required");
        // A token opens only the gallery it was made for.
        refused(() -> service.publicView(projectId, "sec-password", Optional.of(ownersToken), false), 401,
                "password_required");
        refused(() -> service.publicView(projectId, "sec-private", Optional.of(viewToken), false), 404,
                "not_exist");
        refused(() -> service.publicView(projectId, "sec-password", Optional.of(viewToken + "x"), false), 401,
                "password_required");

        // unlock: the page's password form.
        refused(() -> service.unlock(projectId, "sec-password", "wrong one"), 403, "wrong_password");
        refused(() -> service.unlock(projectId, "sec-private", "open sesame"), 404, "not_exist");
        refused(() -> service.unlock(projectId, "sec-public", "open sesame"), 400, "bad_parameter_password");
        String unlocked = service.unlock(projectId, "sec-password", "open sesame");
        assertThat(service.publicView(projectId, "sec-password", Optional.of(unlocked), false).images()).hasSize(1);

        // A new password draws a new key: every token handed out before stops working.
        editWith(owner, "sec-password", security(Security.PASSWORD, "new secret"));
        refused(() -> service.publicView(projectId, "sec-password", Optional.of(unlocked), false), 401,
                "password_required");
        refused(() -> service.unlock(projectId, "sec-password", "open sesame"), 403, "wrong_password");
        // Making it public drops the password.
        editWith(owner, "sec-password", security(Security.PUBLIC, null));
        assertThat(stored("sec-password")).doesNotContainKey("password_hash");
        assertThat(newestNames(project)).contains("sec-password");
    }

    @Test
    void viewTokensExpire() {
        Caller owner = user("expiry-owner");
        createWith(owner, "expiring", security(Security.PASSWORD, "open sesame"));
        String token = service.unlock(project.projectId(), "expiring", "open sesame");
        GalleryService later = new GalleryService(new GalleryStore(dynamoDb, table), images, library,
                Clock.offset(Clock.systemUTC(), ViewAccess.TOKEN_LIFETIME.plusMinutes(1)));
        assertThat(service.publicView(project.projectId(), "expiring", Optional.of(token), false).images()).isEmpty();
        refused(() -> later.publicView(project.projectId(), "expiring", Optional.of(token), false), 401,
                "password_required");
    }

    @Test
    void descriptionCoverCaptionsAndPlayerSetupAreStoredAndChecked() {
        Caller owner = user("setup-owner");
        String a = seedImage(project, "a.jpg");
        String b = seedImage(project, "b.jpg");
        String stranger = seedImage(project, "c.jpg");
        GalleryService.Settings settings = new GalleryService.Settings(Optional.of("  By the sea  "),
                Optional.empty(), Optional.empty(), Optional.of(3), Optional.of(PlayerSetup.Transition.SLIDE),
                Optional.of(false), Optional.of(true), Optional.of(false), Optional.of(PlayerSetup.Theme.LIGHT),
                Optional.of(b), Map.of(a, "First light", b, "Low tide"));
        var created = createWith(owner, "setup", settings, a, b);
        Gallery.Details d = created.gallery().details();
        assertThat(d.description()).isEqualTo("By the sea");
        assertThat(d.player()).isEqualTo(new PlayerSetup(3, PlayerSetup.Transition.SLIDE, false, true, false,
                PlayerSetup.Theme.LIGHT));
        assertThat(d.coverImageId()).contains(b);
        assertThat(d.captions()).containsOnly(Map.entry(a, "First light"), Map.entry(b, "Low tide"));
        // Stored: a fresh read says the same.
        assertThat(service.view(owner, "setup", Optional.empty()).gallery().details()).isEqualTo(d);

        GalleryService.Settings none = GalleryService.Settings.NONE;
        refused(() -> editWith(owner, "setup", new GalleryService.Settings(none.description(), none.security(),
                none.password(), none.interval(), none.transition(), none.loop(), none.shuffle(),
                none.captionsShown(), none.theme(), Optional.of(stranger), Map.of())), 400, "bad_parameter_cover");
        refused(() -> editWith(owner, "setup", new GalleryService.Settings(none.description(), none.security(),
                none.password(), none.interval(), none.transition(), none.loop(), none.shuffle(),
                none.captionsShown(), none.theme(), none.cover(), Map.of(stranger, "not here"))), 400,
                "bad_parameter_caption");
        refused(() -> editWith(owner, "setup", new GalleryService.Settings(none.description(), none.security(),
                none.password(), Optional.of(1), none.transition(), none.loop(), none.shuffle(),
                none.captionsShown(), none.theme(), none.cover(), Map.of())), 400, "bad_parameter_interval");
        refused(() -> editWith(owner, "setup", new GalleryService.Settings(Optional.of("x".repeat(2001)),
                none.security(), none.password(), none.interval(), none.transition(), none.loop(), none.shuffle(),
                none.captionsShown(), none.theme(), none.cover(), Map.of())), 400, "bad_parameter_description");

        // An empty caption removes one; only what is given changes.
        var edited = editWith(owner, "setup", new GalleryService.Settings(none.description(), none.security(),
                none.password(), none.interval(), none.transition(), none.loop(), none.shuffle(),
                none.captionsShown(), none.theme(), none.cover(), Map.of(a, "")));
        assertThat(edited.gallery().details().captions()).containsOnly(Map.entry(b, "Low tide"));
        assertThat(edited.gallery().details().player().intervalSeconds()).isEqualTo(3);
        // Removing an image takes its caption and its place as the cover with it.
        var removed = service.deleteImage(owner, "setup", Optional.empty(), Optional.of(b));
        assertThat(removed.gallery().details().captions()).isEmpty();
        assertThat(removed.gallery().details().coverImageId()).isEmpty();
    }

    @Test
    void viewsAreCountedApartFromTheGallerysVersion() {
        Caller owner = user("views-owner");
        createWith(owner, "counted", GalleryService.Settings.NONE);
        for (int i = 0; i < 3; i++) {
            service.publicView(project.projectId(), "counted", Optional.empty(), true);
        }
        assertThat(service.publicView(project.projectId(), "counted", Optional.empty(), false).gallery().views())
                .isEqualTo(3);
        // An edit after the views neither fails on a version nor resets the count.
        var edited = service.edit(owner, "counted", Optional.empty(), new GalleryService.EditCommand(
                Optional.of("Renamed"), List.of()));
        assertThat(edited.gallery().version()).isEqualTo(2);
        assertThat(service.view(owner, "counted", Optional.empty()).gallery().views()).isEqualTo(3);
    }

    @Test
    void newestPublicGalleriesPageByCursorWithoutTheClosedOnes() {
        Project fresh = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "fresh", List.of());
        Caller owner = new Caller(fresh, false, Optional.of("n"), Optional.empty(), Optional.empty(),
                Optional.empty());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(service.create(owner, new GalleryService.CreateCommand(Optional.of("N" + i),
                    Optional.of("newest-" + i), Optional.empty(), List.of())).gallery().name());
        }
        service.create(owner, new GalleryService.CreateCommand(Optional.of("U"), Optional.of("newest-unlisted"),
                Optional.empty(), List.of(), security(Security.UNLISTED, null)));
        List<String> names = newestNames(fresh);
        assertThat(names).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        List<Instant> added = names.stream().map(n -> service.view(owner, n, Optional.empty()).gallery().added())
                .toList();
        assertThat(added).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(newestNames(project)).doesNotContainAnyElementsOf(created);
    }

    @Test
    void aNewTitleRenamesTheUsageRecords() {
        Caller owner = user("usage-owner");
        String image = seedImage(project, "u.jpg");
        createWith(owner, "renamed", GalleryService.Settings.NONE, image);
        service.edit(owner, "renamed", Optional.empty(), new GalleryService.EditCommand(Optional.of("Summer 2026"),
                List.of()));
        assertThat(library.details(anonymous(), image).usages()).filteredOn(u -> u.ref().equals("renamed"))
                .extracting(ImageUsage::name).containsExactly("Summer 2026");
    }

    @Test
    void aDeleteThatStoppedHalfWayReadsAsGoneAndIsFinishedByTheNext() {
        Caller owner = user("half-owner");
        String image = seedImage(project, "h.jpg");
        Gallery created = createWith(owner, "half", GalleryService.Settings.NONE, image).gallery();
        GalleryStore store = new GalleryStore(dynamoDb, table);
        // What delete leaves when it stops right after marking: the mark, and the usages still there.
        assertThat(store.replace(created, created.changed(created.title(), created.imageIds(),
                created.details().markedDeleting(), Instant.now()))).isTrue();
        assertThat(galleryUsages(image)).containsExactly("half");
        refused(() -> service.view(owner, "half", Optional.empty()), 404, "not_exist");
        refused(() -> service.publicView(project.projectId(), "half", Optional.empty(), false), 404, "not_exist");
        refused(() -> service.add(owner, "half", Optional.empty(), List.of(image)), 404, "io_exist_error");
        assertThat(newestNames(project)).doesNotContain("half");

        service.delete(owner, "half", Optional.empty());
        assertThat(galleryUsages(image)).isEmpty();
        assertThat(store.find(project.projectId(), "half")).isEmpty();
    }

    // ---------------------------------------------------------------- the gallery API's 5xx codes

    @Test
    void storageFailuresAnswerEachActionsCodeAndLeaveNothingHalfWritten() {
        var faults = new DynamoFaults();
        try (DynamoDbClient faulty = faults.client(backend)) {
            ImageStore faultyImages = new ImageStore(faulty, images.tableName());
            GalleryService broken = new GalleryService(new GalleryStore(faulty, table), faultyImages,
                    new ImageService(faultyImages, new ImageObjects(null, "unused"), Clock.systemUTC()),
                    Clock.systemUTC());
            Caller owner = user("faulty-owner");
            String image = seedImage(project, "f.jpg");
            String other = seedImage(project, "g.jpg");
            // Every kind of write: a registered user's create, and a change of listing, are transactions.
            java.util.function.Predicate<software.amazon.awssdk.core.SdkRequest> writes = r ->
                    r instanceof PutItemRequest || r instanceof software.amazon.awssdk.services.dynamodb.model
                            .TransactWriteItemsRequest || r instanceof software.amazon.awssdk.services.dynamodb.model
                            .UpdateItemRequest || r instanceof software.amazon.awssdk.services.dynamodb.model
                            .DeleteItemRequest;

            // create: the gallery item can't be written.
            faults.failWhen(writes);
            refused(() -> broken.create(owner, named("f-create")), 500, "io_create_error");
            faults.heal();
            assertThat(stored("f-create")).isEmpty();

            // create: the gallery is written, then recording an image's usage fails: the gallery is withdrawn.
            faults.failWhen(r -> r instanceof PutItemRequest p
                    && p.tableName().equals(images.tableName()));
            refused(() -> broken.create(owner, new GalleryService.CreateCommand(Optional.of("t"),
                    Optional.of("f-usage"), Optional.empty(), List.of(image))), 500, "io_create_error");
            faults.heal();
            assertThat(stored("f-usage")).isEmpty();
            assertThat(galleryUsages(image)).isEmpty();

            createWith(owner, "f-gallery", GalleryService.Settings.NONE, image);
            faults.failEvery(QueryRequest.class);
            refused(() -> broken.view(owner, "f-gallery", Optional.empty()), 500, "io_read_error");
            refused(() -> broken.list(owner, Optional.empty(), 0, 20), 500, "db_error_album_list");
            refused(() -> broken.newest(project.projectId(), Optional.empty(), 20), 500, "db_error_album_list");

            // add: the usage goes in, the gallery write fails: the usage is taken back.
            faults.failWhen(r -> r instanceof PutItemRequest p
                    && p.tableName().equals(table));
            refused(() -> broken.add(owner, "f-gallery", Optional.empty(), List.of(other)), 500, "io_read_error");
            faults.heal();
            assertThat(galleryUsages(other)).isEmpty();
            assertThat(service.view(owner, "f-gallery", Optional.empty()).gallery().imageIds())
                    .containsExactly(image);

            faults.failWhen(writes);
            refused(() -> broken.edit(owner, "f-gallery", Optional.empty(), new GalleryService.EditCommand(
                    Optional.of("never"), List.of())), 500, "io_save_error");
            refused(() -> broken.deleteImage(owner, "f-gallery", Optional.empty(), Optional.of(image)), 500,
                    "io_save_error");
            refused(() -> broken.delete(owner, "f-gallery", Optional.empty()), 500, "io_delete_error");
            faults.heal();
            var intact = service.view(owner, "f-gallery", Optional.empty()).gallery();
            assertThat(intact.title()).isEqualTo("Title f-gallery");
            assertThat(intact.imageIds()).containsExactly(image);
            assertThat(intact.version()).isEqualTo(1);
            assertThat(galleryUsages(image)).containsExactly("f-gallery");

            // delete: a gallery whose every write loses its condition gives up with db_delete_error, untouched.
            faults.conflictOnConditionalWrites();
            refused(() -> broken.delete(owner, "f-gallery", Optional.empty()), 500, "db_delete_error");
            faults.heal();
            assertThat(service.view(owner, "f-gallery", Optional.empty()).gallery().version()).isEqualTo(1);
        }
    }
}
