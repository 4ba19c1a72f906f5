package dev.loupe.local.e2e;

import java.util.Optional;

import dev.loupe.local.Backend;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.LoupeRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same end-to-end contract against LocalStack, so the embedded emulators and a second implementation of the AWS
 * APIs keep each other honest. Needs a Docker engine: without one, these tests are reported as skipped, with a
 * message saying why. It starts a cloud of its own: on LocalStack, not on the shared in-memory emulators.
 */
@EnabledIf(value = "dockerIsAvailable", disabledReason = "no Docker engine: the LocalStack run is skipped")
class LocalStackEndToEndTest extends EndToEndContract {
    private static LocalStackContainer localStack;
    private static LoupeCloud cloud;
    private static ProjectClient project;

    static boolean dockerIsAvailable() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available) {
            System.out.println("[LocalStack] No Docker engine here: skipping the end-to-end contract against "
                    + "LocalStack (it runs where Docker does).");
        }
        return available;
    }

    @BeforeAll
    static void start() throws Exception {
        localStack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                        LocalStackContainer.Service.S3);
        localStack.start();
        var endpoint = localStack.getEndpoint();
        Backend backend = new Backend(endpoint, endpoint, endpoint, localStack.getRegion(),
                localStack.getAccessKey(), localStack.getSecretKey(), Optional.empty());
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()), backend, localStack::stop);
        project = ProjectClient.newProject(cloud, "localstack");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        } else if (localStack != null) {
            localStack.stop();
        }
    }

    @Override
    protected ProjectClient cloud() {
        return project;
    }
}
