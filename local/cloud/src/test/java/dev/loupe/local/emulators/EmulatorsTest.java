package dev.loupe.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.loupe.local.Backend;
import dev.loupe.local.provision.Provisioner;
import dev.loupe.local.testing.Fixtures;
import dev.loupe.local.testing.SharedEmulators;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(SharedEmulators.class)
class EmulatorsTest {

    @Test
    void endpointsAreOnLoopback(Emulators emulators) throws IOException {
        for (URI endpoint : new URI[]{emulators.dynamoDbEndpoint(), emulators.sqsEndpoint(), emulators.s3Endpoint()}) {
            assertThat(InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()).as(endpoint.toString()).isTrue();
        }
    }

    @Test
    void s3ChecksSignatures(Emulators emulators) {
        try (S3Client impostor = S3Client.builder()
                .endpointOverride(emulators.s3Endpoint())
                .region(Region.of(emulators.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulators.accessKey(), "not-the-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .build()) {
            assertThatThrownBy(impostor::listBuckets)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    /** DynamoDB tables and S3 objects survive a restart in persistent mode; provisioning again keeps them. */
    @Test
    void persistentModeKeepsTablesAndObjects(@TempDir Path dataDir) {
        var template = Fixtures.loupeTemplate();
        try (Emulators first = Emulators.start(Emulators.Options.persistentIn(dataDir));
             var dynamoDb = Backend.of(first).dynamoDb(); var sqs = Backend.of(first).sqs(); var s3 = Backend.of(first).s3()) {
            var provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
            dynamoDb.putItem(b -> b.tableName(provisioned.tableName("ProjectsTable"))
                    .item(Map.of("public_key", AttributeValue.fromS("pk_kept"))));
            s3.putObject(b -> b.bucket(provisioned.bucketName("ImageBucket")).key("kept/object.txt"),
                    RequestBody.fromString("still here"));
        }
        assertThat(dataDir.resolve("dynamodb")).isDirectory();
        assertThat(dataDir.resolve("s3")).isDirectory();

        try (Emulators second = Emulators.start(Emulators.Options.persistentIn(dataDir));
             var dynamoDb = Backend.of(second).dynamoDb(); var sqs = Backend.of(second).sqs(); var s3 = Backend.of(second).s3()) {
            var provisioned = new Provisioner(dynamoDb, sqs, s3).provision(template);
            var item = dynamoDb.getItem(b -> b.tableName(provisioned.tableName("ProjectsTable"))
                    .key(Map.of("public_key", AttributeValue.fromS("pk_kept")))).item();
            assertThat(item).containsKey("public_key");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(provisioned.bucketName("ImageBucket"))
                    .key("kept/object.txt")).asUtf8String()).isEqualTo("still here");
            var ttl = dynamoDb.describeTimeToLive(b -> b.tableName("TasksTable")).timeToLiveDescription();
            assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        }
    }
}
