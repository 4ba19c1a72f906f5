package dev.loupe.functions.galleries;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.gallery.GalleryRatingService;
import dev.loupe.gallery.GalleryRatings;
import dev.loupe.gallery.GalleryService;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.page.GalleryPages;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageService;
import dev.loupe.library.ImageStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The rating routes' handlers with the sample events that are answered before anything is read: bad stars, no
 * registered user, a cursor this list never gave, the page's form without a session. The real services over tables
 * that hold nothing; the events that rate stored galleries run on the local cloud (SampleEventsTest).
 */
class GalleryRatingHandlersTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);
    private static final ImageStore IMAGES = new ImageStore(EMPTY, "images");
    private static final GalleryStore STORE = new GalleryStore(EMPTY, "galleries");
    private static final GalleryService SERVICE = new GalleryService(STORE, IMAGES,
            new ImageService(IMAGES, new ImageObjects(NoAws.client(S3Client.class), "bucket"), Clock.systemUTC()),
            Clock.systemUTC());
    private static final GalleryRatingService RATINGS = new GalleryRatingService(SERVICE, STORE,
            new GalleryRatings(EMPTY, "galleries", Clock.systemUTC()));
    private static final GalleryRatingCalls CALLS = new GalleryRatingCalls(RATINGS);

    private static APIGatewayV2HTTPEvent request(SampleEvent event) {
        return event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders());
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryRateFunction", only = {"six-stars", "no-user"})
    void rateRefusesBadStarsAndCallersWithoutAUser(SampleEvent event) {
        event.assertAnswered(new RateGallery(TestProject.authenticator(), CALLS).handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryTopRatedFunction", only = "bad-cursor")
    void topRatedRefusesACursorItNeverGave(SampleEvent event) {
        event.assertAnswered(new ListTopRatedGalleries(TestProject.authenticator(), CALLS)
                .handleRequest(request(event), null));
    }

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "GalleryPageRateFunction", only = "no-session")
    void thePagesRatingFormNeedsASignedInVisitor(SampleEvent event) {
        event.assertAnswered(new RateGalleryFromPage(new GalleryPages(SERVICE, null), TestProject.authenticator(),
                RATINGS).handleRequest(request(event), null));
    }
}
