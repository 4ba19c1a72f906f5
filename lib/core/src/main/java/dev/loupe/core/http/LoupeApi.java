package dev.loupe.core.http;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * Loupe's own routes: {@code {"error": {"status": 400, "code": "bad_parameter", "message": "...", "param": "limit"}}},
 * and {@code <error><status>..</status><code>..</code>...</error>} in XML.
 */
public final class LoupeApi extends ApiFamily {
    public static final LoupeApi INSTANCE = new LoupeApi();

    @JacksonXmlRootElement(localName = "error")
    record Detail(int status, String code, String message, String param) {
    }

    record Envelope(Detail error) {
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        Detail detail = new Detail(error.status(), error.code(), error.getMessage(), error.param().orElse(null));
        return format == Format.XML ? detail : new Envelope(detail);
    }
}
