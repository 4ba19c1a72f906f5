package dev.loupe.local.provision;

import static dev.loupe.local.provision.CfnValues.explicitName;
import static dev.loupe.local.provision.CfnValues.getAttId;
import static dev.loupe.local.template.Template.map;
import static dev.loupe.local.provision.CfnValues.string;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the template's {@code AWS::SQS::Queue}s in ElasticMQ, dead-letter queues before the queues whose
 * RedrivePolicy names them. ElasticMQ keeps queues in memory, so they are created on every start (CreateQueue with
 * the same attributes is idempotent). SqsManagedSseEnabled and KmsMasterKeyId are ignored: nothing is encrypted.
 * MessageRetentionPeriod and MaximumMessageSize are passed on, but ElasticMQ 1.7 lists them as unsupported and
 * ignores them.
 */
final class QueueProvisioner {
    record ProvisionedQueue(String url, String arn) {
    }

    /** Template property to SQS attribute, copied as they are. */
    private static final Map<String, QueueAttributeName> PLAIN_ATTRIBUTES = Map.of(
            "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT,
            "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD,
            "DelaySeconds", QueueAttributeName.DELAY_SECONDS,
            "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
            "MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE,
            "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION);

    private final SqsClient sqs;

    QueueProvisioner(SqsClient sqs) {
        this.sqs = sqs;
    }

    Map<String, ProvisionedQueue> ensureAll(Map<String, Map<String, Object>> queues) {
        Map<String, ProvisionedQueue> created = new LinkedHashMap<>();
        for (String logicalId : queues.keySet()) {
            ensure(logicalId, queues, created, new HashSet<>());
        }
        return created;
    }

    private ProvisionedQueue ensure(String logicalId, Map<String, Map<String, Object>> queues,
                                    Map<String, ProvisionedQueue> created, Set<String> inProgress) {
        if (created.containsKey(logicalId)) {
            return created.get(logicalId);
        }
        if (!inProgress.add(logicalId)) {
            throw new IllegalArgumentException("queue " + logicalId + " is its own dead-letter queue, indirectly");
        }
        Map<String, Object> properties = queues.get(logicalId);
        if (properties == null) {
            throw new IllegalArgumentException("a RedrivePolicy names " + logicalId + ", which is not a queue");
        }
        boolean fifo = CfnValues.isTrue(properties.get("FifoQueue"));
        String name = explicitName(properties, "QueueName");
        if (name == null) {
            name = fifo ? logicalId + ".fifo" : logicalId;
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        PLAIN_ATTRIBUTES.forEach((property, attribute) -> {
            if (properties.containsKey(property)) {
                attributes.put(attribute, string(properties.get(property)));
            }
        });
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
        if (!redrive.isEmpty()) {
            Object target = redrive.get("deadLetterTargetArn");
            String dlqId = getAttId(target);
            String dlqArn = dlqId != null ? ensure(dlqId, queues, created, inProgress).arn() : string(target);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                    + "\",\"maxReceiveCount\":" + Integer.parseInt(string(redrive.get("maxReceiveCount"))) + "}");
        }
        String queueName = name;
        String url = sqs.createQueue(b -> b.queueName(queueName).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        System.out.println("[provision] queue " + name + " ready" + (redrive.isEmpty() ? "" : " (with DLQ)"));
        ProvisionedQueue queue = new ProvisionedQueue(url, arn);
        created.put(logicalId, queue);
        inProgress.remove(logicalId);
        return queue;
    }
}
