package dev.loupe.local.emulators;

import java.net.URI;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ's SQS REST server in this JVM. Its queues and messages live in memory only. */
final class ElasticMq implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMq(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static ElasticMq start(String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("localhost")
                .withDynamicPort()
                // Queue ARNs then read like AWS's (arn:aws:sqs:us-east-1:000000000000:Name), not "elasticmq".
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new ElasticMq(server, URI.create("http://localhost:" + port));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
