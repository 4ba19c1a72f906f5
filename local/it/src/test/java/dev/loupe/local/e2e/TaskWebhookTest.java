package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.local.LocalCloud;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.LoupeRoot;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Multipart;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.imaging.tools.ProcessingTools;
import dev.loupe.sqs.JobQueue;
import dev.loupe.task.FileJob;
import dev.loupe.imaging.tools.FileStatus;
import dev.loupe.task.ProcessOrder;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskObjects;
import dev.loupe.task.TaskProcessing;
import dev.loupe.task.TaskSettings;
import dev.loupe.task.TaskStore;
import dev.loupe.task.TaskWorker;
import dev.loupe.webhooks.WebhookSignature;
import dev.loupe.local.testing.HttpClients;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SampleLibrary;
import dev.loupe.local.gateway.HttpGateway;
import dev.loupe.local.events.GeneratedEvents;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Webhooks on the local cloud: process with {@code webhook} answers at once, and the finished task is POSTed, signed,
 * to a receiver on 127.0.0.1; a failing receiver is retried with backoff and, failing five times, the message lands in
 * WebhookDeadLetterQueue; a webhook inside the network is refused at process and the task stays TaskWaiting.
 *
 * <p>The production policy refuses loopback: this test alone lets its receiver's address and port through, with
 * LOOPBACK_ALLOWED_TARGET (empty in template.yaml; what {@code ./loupe run --allow-loopback} sets), and shortens the
 * backoff to 1 s. The same address on another port, the local cloud's API and its emulators stay refused.
 *
 * <p>A project's events webhook (people events, issue 17) goes through the same queue and sender, so its tests share
 * this cloud and receiver: delivered once, signed, retried, to its own project only; refused URLs.
 */
class TaskWebhookTest {
    private static final ObjectMapper JSON = ProjectClient.JSON;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LoupeCloud cloud;
    private static HttpServer receiver;
    private static HttpServer otherLoopback;
    private static final AtomicInteger otherLoopbackHits = new AtomicInteger();
    private static HttpServer otherPort;
    private static final AtomicInteger otherPortHits = new AtomicInteger();
    private static SqsClient sqs;

    /** What one receiver path got, and the statuses it answers in turn (then the last one forever). */
    private record Hook(List<Received> received, Deque<Integer> statuses) {
    }

    private record Received(byte[] body, String signature, String contentType, long nanos) {
    }

    private static final Map<String, Hook> hooks = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            Hook hook = hooks.get(exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = 404;
            if (hook != null) {
                hook.received().add(new Received(body, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                        exchange.getRequestHeaders().getFirst("Content-Type"), System.nanoTime()));
                synchronized (hook.statuses()) {
                    status = hook.statuses().size() > 1 ? hook.statuses().poll() : hook.statuses().peek();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        // Another loopback address than the allowed one: refused at process, so it must never be called.
        otherLoopback = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        otherLoopback.createContext("/", exchange -> {
            otherLoopbackHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otherLoopback.start();
        // The allowed address on another port: refused too.
        otherPort = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherPort.createContext("/", exchange -> {
            otherPortHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otherPort.start();
        // A cloud of its own, not the shared one (SharedLoupeCloud): webhooks allowed to a loopback receiver with a 1 s
        // back-off; it also reads the deployment's webhook queues.
        cloud = LoupeCloud.start(LocalCloud.Options.forTests(LoupeRoot.path()).withEnvironment(Map.of(
                "LOOPBACK_ALLOWED_TARGET", "127.0.0.1:" + receiver.getAddress().getPort(),
                "WEBHOOK_BACKOFF_SECONDS", "1")));
        sqs = cloud.backend().sqs();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
        if (sqs != null) sqs.close();
        if (receiver != null) receiver.stop(0);
        if (otherLoopback != null) otherLoopback.stop(0);
        if (otherPort != null) otherPort.stop(0);
    }

    private record Client(Project project, String token) {
    }

    private static Client newClient() {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "webhooks", List.of());
        cloud.projects().create(project, Instant.now());
        return new Client(project, TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null));
    }

    private static String hook(String name, Integer... statuses) {
        hooks.put("/" + name, new Hook(new CopyOnWriteArrayList<>(), new ArrayDeque<>(List.of(statuses))));
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + name;
    }

    @Test
    void theFinishedTaskIsPostedOnceSignedWithTheProjectsSecretKey() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        String url = hook("signed", 200);
        JsonNode answer = process(c, task, url, 200);
        assertThat(answer.path("task").asText()).isEqualTo(task);

        Received post = Eventually.value(WAIT, "the webhook POST", () -> first("/signed"));
        JsonNode body = JSON.readTree(post.body());
        assertThat(body.path("task").asText()).isEqualTo(task);
        assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("TaskSuccess");
        assertThat(post.contentType()).startsWith("application/json");
        // The same JSON as GET /v1/task/{task}.
        assertThat(body).isEqualTo(json(send(c, "GET", "/v1/task/" + task, null, null), 200));
        assertThat(WebhookSignature.verify(post.signature(), c.project().secretKey(), post.body(), Instant.now(),
                Duration.ofMinutes(5))).as(post.signature()).isTrue();
        // Another project's key does not verify it: the signature is the project's.
        assertThat(WebhookSignature.verify(post.signature(), ProjectKeys.newSecretKey(), post.body(), Instant.now(),
                Duration.ofMinutes(5))).isFalse();
        Thread.sleep(3000);
        assertThat(hooks.get("/signed").received()).hasSize(1);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAnswers2xx() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        process(c, task, hook("flaky", 500, 500, 200), 200);

        Eventually.until(WAIT, "three POSTs", () -> hooks.get("/flaky").received().size() >= 3);
        Thread.sleep(5000); // 1 s then 2 s of backoff before; a fourth would come within this
        List<Received> posts = hooks.get("/flaky").received();
        assertThat(posts).hasSize(3);
        for (Received post : posts) {
            JsonNode body = JSON.readTree(post.body());
            assertThat(body.path("task").asText()).isEqualTo(task);
            assertThat(body.path("status").asText()).isEqualTo("TaskSuccess");
            assertThat(WebhookSignature.verify(post.signature(), c.project().secretKey(), post.body(), Instant.now(),
                    Duration.ofMinutes(5))).isTrue();
        }
    }

    @Test
    void aReceiverThatAlwaysFailsEndsInTheDeadLetterQueue() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        process(c, task, hook("down", 500), 200);

        String dlq = cloud.provisioned().queueUrl("WebhookDeadLetterQueue");
        Message dead = Eventually.value(Duration.ofSeconds(120), "the webhook message in the DLQ", () ->
                sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).visibilityTimeout(0)).messages()
                        .stream().filter(m -> m.body().contains(task)).findFirst().orElse(null));
        JsonNode message = JSON.readTree(dead.body());
        assertThat(message.path("task_id").asText()).isEqualTo(task);
        assertThat(message.path("project_id").asText()).isEqualTo(c.project().projectId());
        // Ids only: neither the task's JSON nor any key travels through the queue.
        assertThat(dead.body()).doesNotContain(c.project().secretKey()).doesNotContain("status");
        // maxReceiveCount 5: five attempts, each a POST, each after a longer wait (backoff 1 s × 2^(n-1)).
        List<Received> posts = hooks.get("/down").received();
        assertThat(posts).hasSize(5);
        for (int i = 1; i < posts.size(); i++) {
            long gapMillis = (posts.get(i).nanos() - posts.get(i - 1).nanos()) / 1_000_000;
            assertThat(gapMillis).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo((1000L << (i - 1)) - 300);
        }
    }

    @Test
    void aWebhookInsideTheNetworkIsRefusedAndTheTaskStaysWaiting() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.2:" + otherLoopback.getAddress().getPort() + "/hook", "http://[::1]/hook",
                "http://127.0.0.1:" + otherPort.getAddress().getPort() + "/hook", "http://127.0.0.1/hook",
                cloud.baseUri().resolve("/v1/info").toString(), cloud.backend().s3Endpoint().toString(),
                "http://[::ffff:10.0.0.1]/hook", "ftp://example.com/hook")) {
            JsonNode refused = process(c, task, url, 400);
            assertThat(refused.at("/error/type").asText()).as(url).isEqualTo("ProcessingError");
            assertThat(refused.at("/error/param").asText()).as(url).isEqualTo("webhook");
            assertThat(json(send(c, "GET", "/v1/task/" + task, null, null), 200).path("status").asText())
                    .as(url).isEqualTo("TaskWaiting");
        }
        // Decided on the address and port, without connecting: the listeners on the refused ones saw nothing.
        assertThat(otherLoopbackHits.get()).isZero();
        assertThat(otherPortHits.get()).isZero();
        // Still processable, with an accepted webhook.
        process(c, task, hook("after-refusals", 200), 200);
        Eventually.until(WAIT, "the POST", () -> !hooks.get("/after-refusals").received().isEmpty());
    }

    @Test
    void anEmptyWebhookAnswersAtOnceAndSendsNothing() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        process(c, task, "", 200);
        Eventually.until(WAIT, "the task finished", () -> {
            try {
                return json(send(c, "GET", "/v1/task/" + task, null, null), 200).path("status").asText()
                        .equals("TaskSuccess");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3000);
        // No message was queued for it, and no receiver got it.
        String queue = cloud.provisioned().queueUrl("WebhookQueue");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(0)).messages()
                .stream().filter(m -> m.body().contains(task))).isEmpty();
        assertThat(hooks.values().stream().flatMap(h -> h.received().stream())
                .filter(r -> new String(r.body()).contains(task))).isEmpty();
    }

    /**
     * The finisher's WebhookQueue send fails once (SQS unreachable) after the task is final: the message comes again
     * (same id: the finisher), finds the task finished without {@code webhook_queued}, and sends it then. Another
     * message, or the finisher's once the send is recorded, sends nothing more.
     */
    @Test
    void aWebhookWhoseSendFailedIsSentByTheFinishersRedelivery() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        String sf = files.get(task);
        String p = c.project().projectId();
        TaskStore store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
        TaskObjects objects = new TaskObjects(cloud.backend().s3(), cloud.provisioned().bucketName("TaskBucket"));
        TaskSettings settings = new TaskSettings(100_000_000, 100, 250, Duration.ofHours(2), Duration.ofSeconds(29));
        TaskProcessing processing = new TaskProcessing(store, objects, new JobQueue(sqs,
                cloud.provisioned().queueUrl("TaskFileQueue")), new ProcessingTools(), cloud.backend().s3Presigner(),
                settings, Duration.ofSeconds(1), Clock.systemUTC());
        // The worker's WebhookQueue client, failing its first send as an unreachable SQS would.
        JobQueue webhookQueue = new JobQueue(sqs, cloud.provisioned().queueUrl("WebhookQueue"));
        AtomicInteger sends = new AtomicInteger();
        TaskWorker worker = new TaskWorker(store, objects, processing, settings, Clock.systemUTC(), job -> {
            if (sends.incrementAndGet() == 1) {
                throw SdkClientException.create("injected: SQS is unreachable");
            }
            webhookQueue.send(job);
        }, publicKey -> Optional.empty());
        String url = hook("lost-once", 200);
        ProcessOrder order = new ProcessOrder("rotateimage", List.of(new ProcessOrder.FileOrder(sf, "photo.jpg", 90)),
                true, null, null, true, url, Map.of(), Instant.now().toEpochMilli(), c.project().publicKey());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 1, Instant.now(),
                Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went
        // The file's result is recorded as its worker records it (output first): this test is about what follows.
        objects.put(TaskKeys.outputObject(p, task, "files/" + sf + ".jpg"), jpeg(), Optional.empty());
        assertThat(store.progress().recordFileResult(p, task, sf, FileStatus.FILE_SUCCESS, Optional.empty(),
                Optional.of(100L))).isTrue();
        FileJob job = new FileJob(p, task, List.of(sf));

        assertThatThrownBy(() -> worker.handle(job, "m-1", false, Instant.MAX)).isInstanceOf(SdkClientException.class);
        assertThat(store.tasks().find(p, task).orElseThrow().status().wire()).as("final before the send")
                .isEqualTo("TaskSuccess");
        assertThat(store.completion().webhookOwed(p, task, "m-1")).isTrue();
        assertThat(store.completion().webhookOwed(p, task, "m-2")).as("only the finisher owes it").isFalse();
        Thread.sleep(2000);
        assertThat(hooks.get("/lost-once").received()).as("nothing was queued").isEmpty();

        // Another message of the task (not the finisher) sends nothing; the finisher's redelivery sends it.
        worker.handle(job, "m-2", false, Instant.MAX);
        assertThat(sends.get()).isEqualTo(1);
        worker.handle(job, "m-1", false, Instant.MAX);
        assertThat(sends.get()).isEqualTo(2);
        assertThat(store.completion().webhookOwed(p, task, "m-1")).isFalse();
        Received post = Eventually.value(WAIT, "the webhook POST", () -> first("/lost-once"));
        JsonNode body = JSON.readTree(post.body());
        assertThat(body.path("task").asText()).isEqualTo(task);
        assertThat(body.path("status").asText()).isEqualTo("TaskSuccess");

        // Recorded as queued: a later redelivery of the finisher sends nothing more.
        worker.handle(job, "m-1", false, Instant.MAX);
        assertThat(sends.get()).isEqualTo(2);
        Thread.sleep(2000);
        assertThat(hooks.get("/lost-once").received()).hasSize(1);
    }

    // ------------------------------------------------------------------ a project's events webhook (people events)

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return HttpClients.sendBytes(cloud.baseUri(), method, path, null, "application/json", json.getBytes(),
                Map.of(HttpGateway.ADMIN_KEY_HEADER, cloud.cloud().adminKey()));
    }

    private static JsonNode setEventsWebhook(ProjectClient project, String url, int status) throws Exception {
        return json(admin("PATCH", "/admin/projects/" + project.project().publicKey(),
                JSON.writeValueAsString(Map.of("events_webhook", url))), status);
    }

    /**
     * A people event (images added to a gallery) goes to its project's events webhook through the task webhooks'
     * sender: signed with the project's secret key, retried after a 500, and once only though the fan-out's first
     * page is delivered again; another project's webhook gets nothing of it.
     */
    @Test
    void aProjectsPeopleEventsArePostedToItsEventsWebhookOnceSignedAndRetried() throws Exception {
        ProjectClient a = ProjectClient.newProject(cloud, "events-a");
        ProjectClient b = ProjectClient.newProject(cloud, "events-b");
        String urlA = hook("events-a", 500, 200);
        assertThat(setEventsWebhook(a, urlA, 200).path("events_webhook").asText()).isEqualTo(urlA);
        setEventsWebhook(b, hook("events-b", 200), 200);
        SampleLibrary.seedImage(a, "ev-a", "ev-a.jpg", Optional.empty());
        String owner = a.tokenFor("olive-e", "olive-e", Role.EDITOR);
        assertThat(HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries", owner, "application/json",
                "{\"name\":\"hooked\",\"security\":\"unlisted\"}", null).statusCode()).isEqualTo(201);
        json(HttpClients.send(cloud.baseUri(), "POST", "/v1/galleries/hooked/images", owner, "application/json",
                "{\"image\":\"ev-a\"}", null), 200);

        Eventually.until(WAIT, "the POST after the 500", () -> hooks.get("/events-a").received().size() >= 2);
        List<Received> posts = hooks.get("/events-a").received();
        JsonNode event = JSON.readTree(posts.get(0).body());
        assertThat(event.path("type").asText()).isEqualTo("images_added");
        assertThat(event.path("gallery").asText()).isEqualTo("hooked");
        assertThat(event.path("images").asInt()).isEqualTo(1);
        assertThat(event.path("project_id").asText()).isEqualTo(a.project().projectId());
        assertThat(event.path("id").asText()).startsWith("images#hooked#");
        for (Received post : posts) {
            assertThat(JSON.readTree(post.body())).isEqualTo(event);
            assertThat(post.contentType()).startsWith("application/json");
            assertThat(WebhookSignature.verify(post.signature(), a.project().secretKey(), post.body(), Instant.now(),
                    Duration.ofMinutes(5))).as(post.signature()).isTrue();
            assertThat(WebhookSignature.verify(post.signature(), b.project().secretKey(), post.body(), Instant.now(),
                    Duration.ofMinutes(5))).isFalse();
        }

        // The fan-out's first page of the event delivered again, twice (as SQS may): nothing more is queued.
        String[] id = event.path("id").asText().split("#");
        String job = JSON.writeValueAsString(Map.of("project_id", a.project().projectId(), "event_id",
                event.path("id").asText(), "kind", "images_added", "at", event.path("at").asText(), "gallery", "hooked",
                "gallery_added", Long.parseLong(id[2]), "images", 1, "audience", "gallery_followers"));
        String queueArn = cloud.provisioned().queueArn("NotificationQueue");
        for (int i = 0; i < 2; i++) {
            assertThat(cloud.functions().invoke("NotificationFanOutFunction",
                    GeneratedEvents.sqs(queueArn, job, "us-east-1"))).contains("\"batchItemFailures\":[]");
        }
        String queue = cloud.provisioned().queueUrl("WebhookQueue");
        Eventually.until(WAIT, "WebhookQueue drained", () -> sqs.getQueueAttributes(g -> g.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                .allMatch("0"::equals));
        assertThat(hooks.get("/events-a").received()).hasSize(2);
        assertThat(hooks.get("/events-b").received()).isEmpty();
    }

    @Test
    void anEventsWebhookThatIsNotHttpsOrInsideTheNetworkIsRefusedWith400() throws Exception {
        ProjectClient c = ProjectClient.newProject(cloud, "events-refused");
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.2:" + otherLoopback.getAddress().getPort() + "/hook",
                "http://127.0.0.1:" + otherPort.getAddress().getPort() + "/hook", "http://[::1]/hook",
                cloud.baseUri().resolve("/v1/info").toString(), "http://[::ffff:10.0.0.1]/hook",
                // A public address, but plain http: the events name the project's users.
                "http://93.184.216.34/hook", "ftp://93.184.216.34/hook", "not a url")) {
            JsonNode refused = setEventsWebhook(c, url, 400);
            assertThat(refused.at("/error/code").asText()).as(url).isEqualTo("bad_events_webhook");
            assertThat(refused.at("/error/param").asText()).as(url).isEqualTo("events_webhook");
        }
        assertThat(otherLoopbackHits.get()).isZero();
        assertThat(otherPortHits.get()).isZero();
        // Decided without connecting: a public https address is kept, and "" removes it.
        assertThat(setEventsWebhook(c, "https://93.184.216.34/hook", 200).path("events_webhook").asText())
                .isEqualTo("https://93.184.216.34/hook");
        assertThat(setEventsWebhook(c, "", 200).path("events_webhook").isNull()).isTrue();
    }

    /** A task finished by TaskFileDeadLetterFunction (its only file dead-lettered) is POSTed as TaskError, once. */
    @Test
    void aTaskFinishedByTheDeadLetterFunctionIsPosted() throws Exception {
        Client c = newClient();
        String task = uploaded(c);
        String sf = files.get(task);
        String p = c.project().projectId();
        TaskStore store = new TaskStore(cloud.backend().dynamoDb(), cloud.provisioned().tableName("TasksTable"));
        String url = hook("dead-lettered", 200);
        ProcessOrder order = new ProcessOrder("rotateimage", List.of(new ProcessOrder.FileOrder(sf, "photo.jpg", 90)),
                true, null, null, true, url, Map.of(), Instant.now().toEpochMilli(), c.project().publicKey());
        assertThat(store.progress().beginProcessing(store.tasks().find(p, task).orElseThrow(), order.json(), 1, Instant.now(),
                Duration.ofHours(2))).isTrue();
        store.progress().markQueued(p, task); // as process marks it once its messages went
        // Its worker was killed on every delivery: SQS moved the message to the dead-letter queue.
        new JobQueue(sqs, cloud.provisioned().queueUrl("TaskFileDeadLetterQueue")).send(new FileJob(p, task,
                List.of(sf)));

        Received post = Eventually.value(WAIT, "the webhook POST", () -> first("/dead-lettered"));
        JsonNode body = JSON.readTree(post.body());
        assertThat(body.path("task").asText()).isEqualTo(task);
        assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("TaskError");
        assertThat(body.path("files").findValuesAsText("status")).containsExactly("UnknownError");
        Thread.sleep(3000);
        assertThat(hooks.get("/dead-lettered").received()).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private static Received first(String path) {
        List<Received> received = hooks.get(path).received();
        return received.isEmpty() ? null : received.getFirst();
    }

    private static String uploaded(Client c) throws Exception {
        String task = json(send(c, "GET", "/v1/start/rotateimage", null, null), 200).path("task").asText();
        Multipart body = new Multipart().field("task", task).part("file", "photo.jpg", "image/jpeg", jpeg());
        String sf = json(send(c, "POST", "/v1/upload", body.contentType(), body.bytes()), 200)
                .path("server_filename").asText();
        files.put(task, sf);
        return task;
    }

    private static final Map<String, String> files = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode process(Client c, String task, String webhook, int status) throws Exception {
        return json(send(c, "POST", "/v1/process", "application/json", JSON.writeValueAsBytes(Map.of(
                "task", task, "tool", "rotateimage", "webhook", webhook, "files",
                List.of(Map.of("server_filename", files.get(task), "filename", "photo.jpg", "rotate", 90))))),
                status);
    }

    private static HttpResponse<String> send(Client c, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Authorization", "Bearer " + c.token());
        if (contentType != null) request.header("Content-Type", contentType);
        return HttpClients.send(request.build());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }
}
