package dev.loupe.core.http;

import java.util.List;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;

/**
 * The gallery family (ImageShack-style): errors as {@code <errors><error code="not_owner_save_album">message</error>
 * </errors>}, and in JSON {@code {"errors": [{"code": "...", "message": "..."}]}}.
 */
public final class GalleryApi extends ApiFamily {
    public static final GalleryApi INSTANCE = new GalleryApi();

    record Error(@JacksonXmlProperty(isAttribute = true) String code, @JacksonXmlText String message) {
    }

    @JacksonXmlRootElement(localName = "errors")
    record Errors(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "error")
                  List<Error> errors) {
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        return new Errors(List.of(new Error(error.code(), error.getMessage())));
    }
}
