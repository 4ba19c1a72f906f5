package dev.loupe.core.http;

import java.util.Set;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The processing-task family (iLoveIMG-style): {@code {"error": {"type": "ProcessingError", "message": "...",
 * "code": 400, "param": ...}}}. {@code type} is one of the task API's; {@code code} is the HTTP status as the
 * task API has it. Loupe's machine code travels in {@code reason}, which the task API's clients ignore.
 */
public final class TaskApi extends ApiFamily {
    public static final TaskApi INSTANCE = new TaskApi();

    /** The task API's error types; an {@link ApiError} whose code is one of these is rendered with that type. */
    public static final Set<String> TYPES = Set.of("UploadError", "ProcessingError", "DownloadError");

    @JacksonXmlRootElement(localName = "error")
    record Detail(String type, String message, int code, String param, String reason) {
    }

    record Envelope(Detail error) {
    }

    /**
     * An error code that carries one of the task API's {@link #TYPES} and Loupe's own reason: {@code UploadError/
     * too_many_files} renders as type UploadError with reason too_many_files.
     */
    public static String typed(String type, String reason) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not one of the task API's error types: " + type);
        }
        return type + "/" + reason;
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        String code = error.code();
        int slash = code.indexOf('/');
        String type;
        String reason;
        if (slash > 0 && TYPES.contains(code.substring(0, slash))) {
            type = code.substring(0, slash);
            reason = code.substring(slash + 1);
        } else {
            type = TYPES.contains(code) ? code : "HTTP Error";
            reason = TYPES.contains(code) ? null : code;
        }
        Detail detail = new Detail(type, error.getMessage(), error.status(), error.param().orElse(null), reason);
        return format == Format.XML ? detail : new Envelope(detail);
    }
}
