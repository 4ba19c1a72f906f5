package dev.loupe.functions.imports;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.testing.NoAws;
import dev.loupe.core.testing.SampleEvent;
import dev.loupe.core.testing.SampleEvents;
import dev.loupe.fetch.AddressPolicy;
import dev.loupe.fetch.Resolver;
import dev.loupe.fetch.SafeFetcher;
import dev.loupe.imaging.ImagingEngine;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageObjects;
import dev.loupe.library.ImageStore;
import dev.loupe.library.ImportService;
import dev.loupe.library.IngestService;
import dev.loupe.library.UploadService;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code POST /v1/imports}'s refusals with its sample events: the production fetcher's policy refuses a file: URL
 * and the metadata address before any connection, so no network is used. The imports that store images need the
 * imaging library and the emulators: SampleEventsTest runs them on the local cloud.
 */
class ImportImagesTest {
    @ParameterizedTest(name = "{0}")
    @SampleEvents(value = "ImageImportFunction", only = {"file-url", "metadata-address"})
    void refusesWhatItMustNotFetch(SampleEvent event) {
        DynamoDbClient empty = NoAws.client(DynamoDbClient.class);
        ImageStore store = new ImageStore(empty, "images");
        IngestService ingest = new IngestService(store, new ImagingEngine(), Clock.systemUTC());
        S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        UploadService uploads = new UploadService(store, ingest, new ImageObjects(NoAws.client(S3Client.class),
                "bucket"), presigner, (projectId, folderId) -> true, Clock.systemUTC());
        var handler = new ImportImages(TestProject.authenticator(), new ImportService(uploads, ingest,
                new SafeFetcher(AddressPolicy.PUBLIC_ONLY, Resolver.SYSTEM, ImportService.FETCH_LIMITS)),
                new ImageLinks(presigner, "bucket"));

        event.assertAnswered(handler.handleRequest(event.as(APIGatewayV2HTTPEvent.class, TestProject.placeholders()),
                null));
    }
}
