package dev.loupe.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every environment variable that Loupe's code reads, in one place: template.yaml sets them per function and the
 * template test walks this list. Code reads the environment only through here.
 *
 * <p>On Lambda the values come from the process environment. A host that runs several functions in one JVM, each in
 * its own class loader (the local cloud, tests), gives each function's loader its variables as the resource
 * {@value #HOSTED_ENVIRONMENT} (a properties file; the local cloud's {@code FunctionHost.ENVIRONMENT_RESOURCE}),
 * just as Lambda gives each container its own environment; this class reads that instead when it is there.
 */
public enum Env {
    // Set by template.yaml, per function.
    PROJECTS_TABLE(Source.TEMPLATE),
    GALLERIES_TABLE(Source.TEMPLATE),
    IMAGES_TABLE(Source.TEMPLATE),
    TASKS_TABLE(Source.TEMPLATE),
    // Sessions (lib/auth: every verifier reads them) and the people module's users.
    SESSIONS_TABLE(Source.TEMPLATE),
    // How long a warm function trusts a project it has read (TokenVerifier): 60 in template.yaml; the tests' shared
    // local cloud sets a few seconds, so that a test of a rotated key need not wait a minute for it to take hold.
    PROJECT_CACHE_SECONDS(Source.TEMPLATE),
    USERS_TABLE(Source.TEMPLATE),
    // The sender of verification and password-reset mail (an SES-verified identity).
    MAIL_FROM(Source.TEMPLATE),
    IMAGE_BUCKET(Source.TEMPLATE),
    TASK_BUCKET(Source.TEMPLATE),
    // The task API's limits per project (the monthly file allowance: the default of projects without their own) and
    // its tasks' lifetime (TaskSettings).
    TASK_MAX_FILE_BYTES(Source.TEMPLATE),
    TASK_MAX_FILES(Source.TEMPLATE),
    TASK_MONTHLY_FILES(Source.TEMPLATE),
    TASK_LIFETIME_SECONDS(Source.TEMPLATE),
    // TaskProcessFunction's Timeout (the same template parameter): a task still TaskProcessing that long after
    // process began, its files never queued, was left by a process call that died (TaskSettings.processTimeout).
    TASK_PROCESS_TIMEOUT_SECONDS(Source.TEMPLATE),
    TASK_FILE_QUEUE_URL(Source.TEMPLATE),
    // The task API's request rate a project (ProjectGate): the counts' table, and the deployment's limit per window.
    RATE_LIMITS_TABLE(Source.TEMPLATE),
    TASK_RATE_LIMIT(Source.TEMPLATE),
    TASK_RATE_WINDOW_SECONDS(Source.TEMPLATE),
    // How long POST /v1/process waits for the result without a webhook; TaskFileQueue's maxReceiveCount.
    PROCESS_WAIT_SECONDS(Source.TEMPLATE),
    TASK_FILE_MAX_RECEIVES(Source.TEMPLATE),
    WEBHOOK_QUEUE_URL(Source.TEMPLATE),
    // The webhook sender's first retry delay (doubled each delivery).
    WEBHOOK_BACKOFF_SECONDS(Source.TEMPLATE),
    // The one loopback address and port ("127.0.0.1:8099") that webhooks and URL imports may reach besides public
    // addresses (AddressPolicy.fromEnv): empty in template.yaml, so nothing local on AWS; only the local cloud sets it
    // (./loupe run --allow-loopback, and tests).
    LOOPBACK_ALLOWED_TARGET(Source.TEMPLATE),
    // An encrypted task's download: how long its plain copy and link live, and the queue that deletes the copy then.
    ENCRYPTED_DOWNLOAD_SECONDS(Source.TEMPLATE),
    TASK_PLAIN_COPY_QUEUE_URL(Source.TEMPLATE),
    FOLDER_PURGE_QUEUE_URL(Source.TEMPLATE),
    // How long a presigned upload's PUT URL lives (UploadService); a pending upload fails that long again after it.
    UPLOAD_URL_SECONDS(Source.TEMPLATE),
    PROJECT_PURGE_QUEUE_URL(Source.TEMPLATE),
    FOLDER_EXPORT_QUEUE_URL(Source.TEMPLATE),
    // People part 3: the notifications' fan-out queue (stream consumer and fan-out worker send to it).
    NOTIFICATION_QUEUE_URL(Source.TEMPLATE),
    JAVA_TOOL_OPTIONS(Source.TEMPLATE),
    // The public base URL of links in answers (HttpRequest.baseUrl): template.yaml's PublicBaseUrl; empty: the API's
    // own domain as API Gateway reports it.
    PUBLIC_BASE_URL(Source.TEMPLATE),

    // Set by the Lambda runtime.
    AWS_REGION(Source.RUNTIME),
    AWS_ACCESS_KEY_ID(Source.RUNTIME),
    AWS_SECRET_ACCESS_KEY(Source.RUNTIME),
    AWS_SESSION_TOKEN(Source.RUNTIME),
    AWS_CONTAINER_CREDENTIALS_FULL_URI(Source.RUNTIME),
    AWS_LAMBDA_FUNCTION_NAME(Source.RUNTIME),

    // Endpoint overrides (the SDK's own names): the only thing that differs in the local cloud. The template declares
    // them empty in Globals (empty: the service's own endpoint), so that `sam local invoke --env-vars` can set them.
    AWS_ENDPOINT_URL_DYNAMODB(Source.TEMPLATE),
    AWS_ENDPOINT_URL_S3(Source.TEMPLATE),
    AWS_ENDPOINT_URL_SQS(Source.TEMPLATE),
    AWS_ENDPOINT_URL_SESV2(Source.TEMPLATE),
    // Read by the SDK, not by Loupe: "true", so that the SDK never reads the overrides above itself (an empty one
    // fails its client builders); Loupe's clients apply them (AwsClientSettings).
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS(Source.TEMPLATE),

    // Read by the SDK's builders, and by Loupe only to know when not to fix an endpoint (AwsClientSettings): "true"
    // asks for FIPS or dual-stack endpoints, which the SDK's endpoint rules then choose.
    AWS_USE_FIPS_ENDPOINT(Source.OPTIONAL),
    AWS_USE_DUALSTACK_ENDPOINT(Source.OPTIONAL),

    // Where libvips-cpp.so is when it is not in the Lambda layer's /opt/lib (builds, tests, the local cloud).
    LOUPE_LIBVIPS_PATH(Source.OPTIONAL);

    /** Who sets a variable: the template (per function), the Lambda runtime, or nobody unless overriding. */
    public enum Source { TEMPLATE, RUNTIME, OPTIONAL }

    /** The resource through which a host that runs functions in one JVM gives this loader its environment. */
    static final String HOSTED_ENVIRONMENT = "META-INF/function-environment.properties";

    private static final Map<String, String> HOSTED = hostedEnvironment();

    private final Source source;

    Env(Source source) {
        this.source = source;
    }

    public Source source() {
        return source;
    }

    /** The value, or an {@link IllegalStateException} naming the variable when it is not set. */
    public String required() {
        return optional().orElseThrow(() -> new IllegalStateException(
                "environment variable " + name() + " is not set: template.yaml must set it for this function"));
    }

    public Optional<String> optional() {
        String value = HOSTED != null ? HOSTED.get(name()) : System.getenv(name());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** This loader's own environment from its host, or null when it has none (on Lambda). */
    private static Map<String, String> hostedEnvironment() {
        ClassLoader loader = Env.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(HOSTED_ENVIRONMENT)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> variables = new HashMap<>();
            properties.forEach((name, value) -> variables.put((String) name, (String) value));
            return Map.copyOf(variables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HOSTED_ENVIRONMENT, e);
        }
    }
}
