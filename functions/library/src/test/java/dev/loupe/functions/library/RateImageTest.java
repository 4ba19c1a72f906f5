package dev.loupe.functions.library;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.library.ImageRatingService;
import dev.loupe.library.ImageStore;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code PUT /v1/images/{id}/rating} with the sample event answered before anything is read (no registered user);
 * the ones that rate the stored sample image run on the local cloud (SampleEventsTest).
 */
class RateImageTest {
    private static final DynamoDbClient EMPTY = NoAws.client(DynamoDbClient.class);

    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "ImageRateFunction", only = "no-user")
    void ratingNeedsARegisteredUser(SampleEvent event) {
        event.assertAnswered(new RateImage(TestProject.authenticator(), new ImageRatingService(
                new ImageStore(EMPTY, "images"), EMPTY, "images", Clock.systemUTC()))
                .handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()), null));
    }
}
