package dev.loupe.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.ProjectStore;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.Backend;
import dev.loupe.local.lambda.Invoker;
import dev.loupe.local.project.LoupeCloud;
import dev.loupe.local.provision.Provisioned;
import dev.loupe.local.template.Template;

/**
 * A test class's own project on a local cloud, and the API calls a client of that project makes: real HTTP, on
 * loopback only, through {@link HttpClients} and one JSON mapper for all the tests. {@link SharedLoupeCloud} gives
 * one per test class; a class with a cloud of its own makes one with {@link #newProject}.
 */
public final class ProjectClient {
    /** The tests' one JSON mapper. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final LoupeCloud cloud;
    private final Project project;
    private final String token;

    private ProjectClient(LoupeCloud cloud, Project project) {
        this.cloud = cloud;
        this.project = project;
        this.token = TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
    }

    /** A fresh project (new id and keys) created on {@code cloud}. */
    public static ProjectClient newProject(LoupeCloud cloud, String name) {
        Project project = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), name, List.of());
        cloud.projects().create(project, Instant.now());
        return new ProjectClient(cloud, project);
    }

    public LoupeCloud cloud() {
        return cloud;
    }

    public Project project() {
        return project;
    }

    /** A backend token of the project with no user: valid for 2 hours. */
    public String token() {
        return token;
    }

    /** A backend token of the project for a user. */
    public String tokenFor(String userId, String userName, Role role) {
        return TokenIssuer.backendToken(project, Clock.systemUTC(), userId, userName, role);
    }

    public URI baseUri() {
        return cloud.baseUri();
    }

    public Backend backend() {
        return cloud.backend();
    }

    public Provisioned provisioned() {
        return cloud.provisioned();
    }

    public Invoker functions() {
        return cloud.functions();
    }

    public Template template() {
        return cloud.template();
    }

    public ProjectStore projects() {
        return cloud.projects();
    }

    // ---------------------------------------------------------------- the API, as this project's backend

    /** {@code method path} with this project's token. */
    public HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return HttpClients.send(baseUri(), method, path, token, contentType, body, null);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    /** A JSON body, with this project's token. */
    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", json);
    }

    /** A multipart form, with {@code token} (null: none). */
    public HttpResponse<String> post(String path, String token, Multipart form)
            throws IOException, InterruptedException {
        return HttpClients.sendBytes(baseUri(), "POST", path, token, form.contentType(), form.bytes(), Map.of());
    }

    /** The body as JSON, after checking the status. */
    public static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    /** The body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
