package dev.loupe.task;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.core.http.Mappers;

/**
 * A process request as accepted: what {@code POST /v1/process} checked and what the workers need, stored as JSON in
 * the task item ({@code params}) when processing begins. It never holds a key or a password.
 *
 * @param tool             the tool, equal to the task's
 * @param files            the files to process, in the client's order (the order of the outputs and of {n})
 * @param ignoreErrors     the task API's {@code ignore_errors} (default true)
 * @param outputFilename   the template of each output's name, without extension (null: the file's own name)
 * @param packagedFilename the template of the ZIP's name, without extension (null: {@link #DEFAULT_PACKAGED})
 * @param tryImageRepair   the task API's {@code try_image_repair} (default true)
 * @param webhook          the {@code webhook} parameter as sent (null when absent)
 * @param toolParams       the request's parameters by name, as the tools read them
 * @param startedMillis    when processing began (the answer's {@code timer} counts from it)
 * @param projectKey       the project's public key (not secret): the webhook sender finds the project's secret key
 *                         by it, since the projects table is keyed by public key (null in orders stored before)
 */
public record ProcessOrder(String tool, List<FileOrder> files, boolean ignoreErrors, String outputFilename,
                           String packagedFilename, boolean tryImageRepair, String webhook,
                           Map<String, Object> toolParams, long startedMillis,
                           String projectKey) {
    public static final String DEFAULT_PACKAGED = "loupe_{tool}";

    /** One file of the request: its server_filename, the name its output takes after, its rotation. */
    public record FileOrder(String serverFilename, String filename, int rotate) {
    }

    public ProcessOrder(String tool, List<FileOrder> files, boolean ignoreErrors, String outputFilename,
                        String packagedFilename, boolean tryImageRepair, String webhook,
                        Map<String, Object> toolParams, long startedMillis) {
        this(tool, files, ignoreErrors, outputFilename, packagedFilename, tryImageRepair, webhook, toolParams,
                startedMillis, null);
    }

    /** Whether the task is reported to a webhook when it is done ({@code webhook} absent or empty: not). */
    public boolean hasWebhook() {
        return webhook != null && !webhook.isBlank();
    }

    public ProcessOrder {
        files = List.copyOf(files);
        toolParams = toolParams == null ? Map.of() : toolParams;
    }

    public String json() {
        try {
            return Mappers.JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the process order", e);
        }
    }

    public static ProcessOrder fromJson(String json) {
        try {
            return Mappers.JSON.readValue(json, ProcessOrder.class);
        } catch (IOException e) {
            throw new IllegalStateException("the task's stored process order is unreadable", e);
        }
    }
}
