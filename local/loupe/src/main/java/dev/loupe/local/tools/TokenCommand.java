package dev.loupe.local.tools;

import java.time.Clock;

import dev.loupe.auth.Project;
import dev.loupe.auth.Role;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.project.ProjectKeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./loupe token}: a fresh token for a local project, signed here with its secret key (no cloud needed), so
 * nobody restarts the cloud when the one it printed expires.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a fresh token (valid 2 hours) for a local project.")
final class TokenCommand implements Runnable {
    @ParentCommand
    LoupeTools tools;

    @Option(names = "--project", paramLabel = "P",
            description = "Public key or id of a project this machine knows (default: the local project).")
    String project;

    @Option(names = "--sub", paramLabel = "USER", description = "The end user the token speaks for (sub).")
    String sub;

    @Option(names = "--name", paramLabel = "NAME", description = "That user's display name (name).")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", description = "The user's role: admin, editor or viewer.")
    String role;

    @Option(names = "--browser", description = "A browser token (what POST /v1/auth gives for the public key).")
    boolean browser;

    @Override
    public void run() {
        Project signer = signer(tools, project);
        Role parsedRole = role == null ? null : Role.parse(role).orElseThrow(() -> new LoupeTools.ToolException(
                "--role is admin, editor or viewer, not " + role, 2));
        if (browser && (sub != null || role != null)) {
            throw new LoupeTools.ToolException("a browser token carries no --sub or --role", 2);
        }
        tools.out.println(browser ? TokenIssuer.browserToken(signer, Clock.systemUTC())
                : TokenIssuer.backendToken(signer, Clock.systemUTC(), sub, name, parsedRole));
    }

    /** The project a tool signs for: the one named, else the local project. */
    static Project signer(LoupeTools tools, String publicKeyOrId) {
        ProjectKeyFiles keys = new ProjectKeyFiles(tools.dataDir());
        if (publicKeyOrId == null) {
            return keys.localProject().orElseThrow(() -> new LoupeTools.ToolException(
                    "No local project yet: start the local cloud once (./loupe run), which makes one"));
        }
        return keys.find(publicKeyOrId).orElseThrow(() -> new LoupeTools.ToolException(
                "This machine has no keys of project " + publicKeyOrId + ": the local project and those that"
                        + " ./loupe project create made are known"));
    }
}
