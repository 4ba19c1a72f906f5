package dev.loupe.local.project;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.loupe.local.LocalCloud;
import dev.loupe.local.Seeder;
import dev.loupe.auth.Project;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.auth.ProjectStore;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loupe's seeding of the local cloud: the local project (kept across restarts, {@link LocalProject}) and a token
 * for it; for {@code ./loupe run} also {@code project.env} in the data folder, which scripts and the README source.
 */
final class ProjectSeeder implements Seeder, AutoCloseable {
    private final boolean writeProjectEnv;
    private DynamoDbClient dynamoDb;
    private ProjectStore projects;
    private Project project;

    /** @param writeProjectEnv write {@code project.env} (what {@code ./loupe run} does; tests don't) */
    ProjectSeeder(boolean writeProjectEnv) {
        this.writeProjectEnv = writeProjectEnv;
    }

    @Override
    public List<String> seed(LocalCloud cloud) throws IOException {
        dynamoDb = cloud.backend().dynamoDb();
        projects = new ProjectStore(dynamoDb, DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build(),
                cloud.provisioned().tableName("ProjectsTable"));
        project = LocalProject.ensure(projects, cloud.dataDir());
        if (!writeProjectEnv) {
            return List.of();
        }
        String token = token();
        Path env = cloud.dataDir().resolve("project.env");
        Files.writeString(env, """
                # Written by ./loupe run: source it to call the local API (git-ignored).
                export LOUPE_URL=%s
                export LOUPE_PUBLIC_KEY=%s
                export LOUPE_SECRET_KEY=%s
                export LOUPE_TOKEN=%s
                export LOUPE_PROJECT_ID=%s
                """.formatted(cloud.baseUri(), project.publicKey(), project.secretKey(), token,
                project.projectId()));
        Path here = Path.of("").toAbsolutePath();
        Path shown = env.toAbsolutePath().startsWith(here) ? here.relativize(env.toAbsolutePath()) : env;
        List<String> lines = new ArrayList<>();
        lines.add("  public key:  " + project.publicKey());
        lines.add("  secret key:  " + project.secretKey());
        lines.add("  token:       " + token);
        lines.add("               (valid 2 hours; a new one on every start; ./loupe token makes more)");
        lines.add("  also in " + shown + ".");
        return lines;
    }

    ProjectStore projects() {
        return projects;
    }

    Project project() {
        return project;
    }

    /** A token as the project's backend would sign it: valid for 2 hours. */
    String token() {
        return TokenIssuer.backendToken(project, Clock.systemUTC(), null, null, null);
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }
}
