package dev.loupe.core.http;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The image listing family (the image list API): {@code <error><ref>106</ref><summary>Invalid parameter: offset
 * </summary></error>}, and {@code {"error": {"ref": "106", "summary": "..."}}} in JSON. The image list API's numbered
 * refs travel as the {@link ApiError}'s code ({@code "106"} for a bad offset, {@code "107"} for a bad limit,
 * {@code "79"} for a bad sort); Loupe's own codes (a 401's {@code token_expired}) stand in the same place.
 */
public final class ListingApi extends ApiFamily {
    public static final ListingApi INSTANCE = new ListingApi();

    @JacksonXmlRootElement(localName = "error")
    record Detail(String ref, String summary) {
    }

    record Envelope(Detail error) {
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        Detail detail = new Detail(error.code(), error.getMessage());
        return format == Format.XML ? detail : new Envelope(detail);
    }
}
