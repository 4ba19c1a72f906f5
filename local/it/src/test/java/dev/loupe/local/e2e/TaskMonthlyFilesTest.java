package dev.loupe.local.e2e;

import static dev.loupe.local.e2e.TaskCalls.jpeg;
import static dev.loupe.local.e2e.TaskCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.Multipart;
import dev.loupe.local.testing.SharedLoupeCloud;
import dev.loupe.task.FileMonth;
import dev.loupe.task.TaskKeys;
import dev.loupe.task.TaskStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The task API's monthly file allowance over HTTP on the local cloud: a project's processed files are counted per
 * UTC calendar month at process; processes racing for the last files of a month are decided so that exactly the
 * ones that fit are processed, the others answered 400 ProcessingError with the reset date; start and upload are
 * refused (UploadError) once nothing more could be processed; {@code GET /v1/info} reports the month; the open-task
 * limit is 10% of the allowance. Each project has its own small allowance (the project attribute
 * {@code monthly_files}), so the shared cloud serves.
 */
@SharedLoupeCloud.LoupeCloudTest
class TaskMonthlyFilesTest {
    private static LoupeCloud cloud;
    private static TaskCalls calls;
    private static TaskStore store;
    private static String table;

    @BeforeAll
    static void start(LoupeCloud shared) {
        cloud = shared;
        calls = new TaskCalls(cloud);
        table = cloud.provisioned().tableName("TasksTable");
        store = new TaskStore(cloud.backend().dynamoDb(), table);
    }

    private static TaskCalls.Client client(int monthlyFiles) {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "monthly", List.of());
        if (monthlyFiles > 0) {
            project = project.withMonthlyFiles(monthlyFiles);
        }
        cloud.projects().create(project, Instant.now());
        return new TaskCalls.Client(project, TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null));
    }

    /** The files the project has processed earlier this month, as the counter would hold them. */
    private static void alreadyUsed(TaskCalls.Client c, FileMonth month, int used) {
        cloud.backend().dynamoDb().updateItem(b -> b.tableName(table).key(Map.of(
                        "pk", AttributeValue.fromS(TaskKeys.monthPk(c.project().projectId())),
                        "sk", AttributeValue.fromS(TaskKeys.monthSk(month))))
                .updateExpression("SET used = :used")
                .expressionAttributeValues(Map.of(":used", AttributeValue.fromN(Integer.toString(used)))));
    }

    private static Map<String, Object> rotate(String task, List<String> serverFilenames) {
        List<Map<String, Object>> files = new ArrayList<>();
        serverFilenames.forEach(sf -> files.add(Map.of("server_filename", sf, "filename", "photo.jpg",
                "rotate", 90)));
        Map<String, Object> body = new HashMap<>(Map.of("task", task, "tool", "rotateimage", "files", files));
        body.put("webhook", ""); // answer at once: what counts is taken before anything is queued
        return body;
    }

    private static JsonNode info(TaskCalls.Client c) throws Exception {
        return json(calls.send(c, "GET", "/v1/info", null, null), 200);
    }

    @Test
    void racingProcessesAtTheBoundaryProcessExactlyTheFilesThatFit() throws Exception {
        // 60 files a month, so 6 open tasks; 51 used already: 9 left, for six tasks of three files each.
        TaskCalls.Client c = client(60);
        List<String> tasks = new ArrayList<>();
        Map<String, List<String>> files = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            String task = calls.start(c, "rotateimage");
            List<String> names = new ArrayList<>();
            for (int f = 0; f < 3; f++) {
                names.add(calls.upload(c, task, "photo" + f + ".jpg", jpeg(20 + f, 10 + i)));
            }
            tasks.add(task);
            files.put(task, names);
        }
        FileMonth month = FileMonth.of(Instant.now());
        alreadyUsed(c, month, 51);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            for (String task : tasks) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return calls.process(c, rotate(task, files.get(task)));
                }));
            }
            go.countDown();
            for (int i = 0; i < tasks.size(); i++) {
                HttpResponse<String> answer = answers.get(i).get();
                if (answer.statusCode() == 200) {
                    processed.add(tasks.get(i));
                    continue;
                }
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                JsonNode error = TaskCalls.JSON.readTree(answer.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("ProcessingError");
                assertThat(error.path("reason").asText()).isEqualTo("monthly_files_used_up");
                assertThat(error.path("param").asText()).isEqualTo("files");
                assertThat(error.path("message").asText()).contains("resets on " + month.resetDate()
                        + " (00:00 UTC)");
                refused.add(tasks.get(i));
            }
            assertThat(processed).as("three tasks of three files fit in nine").hasSize(3);
            assertThat(refused).hasSize(3);
            assertThat(store.months().used(c.project().projectId(), month)).isEqualTo(60);

            for (String task : refused) {
                assertThat(calls.view(c, task).path("status").asText()).as("nothing changed")
                        .isEqualTo("TaskWaiting");
            }
            for (String task : processed) {
                String status = Eventually.value(Duration.ofSeconds(60), task + " finished", () -> {
                    try {
                        String s = calls.view(c, task).path("status").asText();
                        return s.equals("TaskProcessing") ? null : s;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(status).isEqualTo("TaskSuccess");
            }
        }

        JsonNode info = info(c);
        assertThat(info.path("monthly_files").asInt()).isEqualTo(60);
        assertThat(info.path("monthly_files_used").asInt()).isEqualTo(60);
        assertThat(info.path("monthly_files_remaining").asInt()).isZero();
        assertThat(info.path("month_resets_at").asText()).isEqualTo(month.resetsAt().toString());

        // Nothing more could be processed this month: a start and an upload are refused as the task API's UploadError.
        HttpResponse<String> start = calls.send(c, "GET", "/v1/start/rotateimage", null, null);
        JsonNode startError = json(start, 400).path("error");
        assertThat(startError.path("type").asText()).isEqualTo("UploadError");
        assertThat(startError.path("reason").asText()).isEqualTo("monthly_files_used_up");
        assertThat(startError.path("message").asText()).contains(month.resetDate());
        Multipart more = new Multipart().field("task", refused.getFirst()).part("file", "more.jpg", "image/jpeg",
                jpeg(10, 10));
        JsonNode uploadError = json(calls.send(c, "POST", "/v1/upload", more.contentType(), more.bytes()), 400)
                .path("error");
        assertThat(uploadError.path("type").asText()).isEqualTo("UploadError");
        assertThat(uploadError.path("reason").asText()).isEqualTo("monthly_files_used_up");
        assertThat(uploadError.path("message").asText()).contains(month.resetDate());
    }

    @Test
    void racingUploadsAtTheBoundaryNeverProcessMoreThanIsLeft() throws Exception {
        // 2 files left (of 20, so 2 open tasks): two tasks take two files each in four racing uploads. Uploads only read the month (each task
        // alone fits, so all four may pass); the files are counted at process, where only one task fits.
        TaskCalls.Client c = client(20); // 2 open tasks
        FileMonth month = FileMonth.of(Instant.now());
        alreadyUsed(c, month, 18);
        List<String> tasks = List.of(calls.start(c, "rotateimage"), calls.start(c, "rotateimage"));
        CountDownLatch go = new CountDownLatch(1);
        Map<String, List<String>> uploaded = new HashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> uploads = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (String task : tasks) {
                for (int f = 0; f < 2; f++) {
                    int n = f;
                    owners.add(task);
                    uploads.add(pool.submit(() -> {
                        go.await();
                        return calls.upload(c, task, "photo" + n + ".jpg", jpeg(20 + n, 10));
                    }));
                }
            }
            go.countDown();
            for (int i = 0; i < uploads.size(); i++) {
                uploaded.computeIfAbsent(owners.get(i), t -> new ArrayList<>()).add(uploads.get(i).get());
            }
        }
        assertThat(uploaded.values()).allSatisfy(names -> assertThat(names).hasSize(2));

        CountDownLatch both = new CountDownLatch(1);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<HttpResponse<String>>> processes = new ArrayList<>();
            for (String task : tasks) {
                processes.add(pool.submit(() -> {
                    both.await();
                    return calls.process(c, rotate(task, uploaded.get(task)));
                }));
            }
            both.countDown();
            for (Future<HttpResponse<String>> answer : processes) {
                answers.add(answer.get());
            }
        }
        assertThat(answers.stream().filter(a -> a.statusCode() == 200)).as("one task fits").hasSize(1);
        HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() != 200).findFirst().orElseThrow();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(TaskCalls.JSON.readTree(refused.body()).at("/error/reason").asText())
                .isEqualTo("monthly_files_used_up");
        assertThat(store.months().used(c.project().projectId(), month)).as("never more than the allowance")
                .isEqualTo(20);
    }

    @Test
    void infoReportsTheMonthAndTheOpenTaskLimitIsATenthOfTheAllowance() throws Exception {
        TaskCalls.Client usual = client(0);
        JsonNode defaults = info(usual);
        FileMonth month = FileMonth.of(Instant.now());
        assertThat(defaults.path("monthly_files").asInt()).as("the template's TaskMonthlyFiles").isEqualTo(250);
        assertThat(defaults.path("monthly_files_used").asInt()).isZero();
        assertThat(defaults.path("monthly_files_remaining").asInt()).isEqualTo(250);
        assertThat(defaults.path("max_open_tasks").asInt()).isEqualTo(25);
        assertThat(defaults.path("remaining_files").asInt()).as("still the files a task may take").isEqualTo(100);
        assertThat(Instant.parse(defaults.path("month_resets_at").asText())).isEqualTo(month.resetsAt());

        TaskCalls.Client small = client(25);
        assertThat(info(small).path("max_open_tasks").asInt()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            calls.upload(small, calls.start(small, "rotateimage"), "a.jpg", jpeg(10, 10));
        }
        String third = calls.start(small, "rotateimage");
        Multipart file = new Multipart().field("task", third).part("file", "a.jpg", "image/jpeg", jpeg(10, 10));
        JsonNode full = json(calls.send(small, "POST", "/v1/upload", file.contentType(), file.bytes()), 400);
        assertThat(full.at("/error/reason").asText()).isEqualTo("too_many_open_tasks");
        assertThat(full.at("/error/message").asText()).contains("2 open tasks", "10% of its monthly file allowance");
        assertThat(info(small).path("open_tasks").asInt()).isEqualTo(2);

        assertThat(info(client(5)).path("max_open_tasks").asInt()).as("at least one").isEqualTo(1);
    }

    @Test
    void aFileThatCouldNotBeProcessedThisMonthIsRefusedAtUpload() throws Exception {
        TaskCalls.Client c = client(12);
        FileMonth month = FileMonth.of(Instant.now());
        String task = calls.start(c, "rotateimage");
        String a = calls.upload(c, task, "a.jpg", jpeg(20, 10));
        String b = calls.upload(c, task, "b.jpg", jpeg(20, 10));
        alreadyUsed(c, month, 10);

        Multipart third = new Multipart().field("task", task).part("file", "c.jpg", "image/jpeg", jpeg(10, 10));
        JsonNode refused = json(calls.send(c, "POST", "/v1/upload", third.contentType(), third.bytes()), 400);
        assertThat(refused.at("/error/type").asText()).isEqualTo("UploadError");
        assertThat(refused.at("/error/reason").asText()).isEqualTo("monthly_files_used_up");
        assertThat(refused.at("/error/message").asText()).contains("2 left", month.resetDate());
        assertThat(calls.view(c, task).path("file_number").asInt()).isEqualTo(2);

        // The two it holds still fit: processed, the month is full.
        HttpResponse<String> processed = calls.process(c, rotate(task, List.of(a, b)));
        assertThat(processed.statusCode()).as(processed.body()).isEqualTo(200);
        assertThat(info(c).path("monthly_files_remaining").asInt()).isZero();
    }
}
