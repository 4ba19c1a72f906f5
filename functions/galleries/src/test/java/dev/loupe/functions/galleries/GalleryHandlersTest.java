package dev.loupe.functions.galleries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.GalleryWordIndex;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The galleries area's handlers (the gallery API family, its public pages, the search index's stream) with their
 * sample events: the real services over tables and a bucket that hold nothing, the real verifier over a test
 * project. Events that need stored galleries run on the local cloud (SampleEventsTest).
 */
class GalleryHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final ImageStore IMAGES = new ImageStore(EMPTY, "images");
    private static final GalleryService SERVICE = new GalleryService(new GalleryStore(EMPTY, "galleries"), IMAGES,
            new ImageService(IMAGES, new ImageObjects(NoAws.client(S3Client.class), "bucket"), Clock.systemUTC()),
            Clock.systemUTC());
    private static final ImageLinks LINKS = new ImageLinks(S3Presigner.builder().region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build(), "bucket");
    private static final GalleryCalls CALLS = new GalleryCalls(SERVICE, LINKS, () -> {
        throw new AssertionError("no upload in these events");
    });

    @ParameterizedTest(name = "{0}")
    @SampleEvents("GalleryContributionAddFunction")
    void contributionAddAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new AddContribution(TestProject.authenticator(), CALLS)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("GalleryContributionDeleteFunction")
    void contributionDeleteAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new DeleteContribution(TestProject.authenticator(), CALLS)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryCreateFunction", only = {"anonymous", "registered-user-xml", "forged-token"})
    void createAnswersItsSampleEvents(SampleEvent event) {
        event.assertAnswered(new CreateGallery(TestProject.authenticator(), CALLS)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryEndpointFunction", only = {"bad-action", "view-not-exist", "view-param-json",
            "view-param-bad", "create-image-other-server", "create-image-bad-size", "cookie"})
    void theSingleEndpointAnswersItsErrorsInTheGalleryApisShape(SampleEvent event) {
        event.assertAnswered(new GalleryEndpoint(TestProject.authenticator(), CALLS)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryViewFunction", only = {"not-found", "view-param-xml"})
    void viewAnswersInTheFormatItsViewParameterNames(SampleEvent event) {
        event.assertAnswered(new ViewGallery(TestProject.authenticator(), CALLS)
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryPageFunction", only = "not-found")
    void aPublicPageAsksForNoToken(SampleEvent event) {
        APIGatewayV2HTTPEvent request = event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
        assertThat(request.getHeaders()).doesNotContainKey("authorization");

        event.assertAnswered(new ShowGalleryPage(new GalleryPages(SERVICE, LINKS)).handleRequest(request, null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents("GallerySearchIndexFunction")
    void theSearchIndexReportsABrokenRecordAndEveryOneAfterIt(SampleEvent event) {
        var response = new IndexGallerySearch(new GallerySearch(new GalleryStore(EMPTY, "galleries"),
                new GalleryWordIndex(EMPTY, "galleries")), new dev.loupe.gallery.CommentStore(EMPTY, "galleries"))
                .handleRequest(event.as(DynamodbEvent.class, TestProject.placeholders()), null);
        var failures = response.getBatchItemFailures().stream().map(f -> f.getItemIdentifier()).toList();

        if (event.name().startsWith("broken")) {
            assertThat(failures).containsExactly("200000000000000000001", "200000000000000000002");
        } else {
            assertThat(failures).isEmpty();
        }
    }
}
