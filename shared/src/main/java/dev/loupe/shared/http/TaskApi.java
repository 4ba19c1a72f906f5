package dev.loupe.shared.http;

import java.util.Set;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The processing-task family (reference 003): {@code {"error": {"type": "ProcessingError", "message": "...",
 * "code": 400, "param": ...}}}. {@code type} is one of the reference's; {@code code} is the HTTP status as the
 * reference has it. Loupe's machine code travels in {@code reason}, which the reference's clients ignore.
 */
public final class TaskApi extends ApiFamily {
    public static final TaskApi INSTANCE = new TaskApi();

    /** The reference's error types; an {@link ApiError} whose code is one of these is rendered with that type. */
    public static final Set<String> TYPES = Set.of("UploadError", "ProcessingError", "DownloadError");

    @JacksonXmlRootElement(localName = "error")
    record Detail(String type, String message, int code, String param, String reason) {
    }

    record Envelope(Detail error) {
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        String type = TYPES.contains(error.code()) ? error.code() : "HTTP Error";
        Detail detail = new Detail(type, error.getMessage(), error.status(), error.param().orElse(null),
                TYPES.contains(error.code()) ? null : error.code());
        return format == Format.XML ? detail : new Envelope(detail);
    }
}
