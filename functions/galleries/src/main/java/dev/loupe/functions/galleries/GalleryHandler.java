package dev.loupe.functions.galleries;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.loupe.auth.Authenticator;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.GalleryApi;
import dev.loupe.core.http.HttpRequest;

/**
 * The frame of the gallery API's handlers: the shared {@link AuthenticatedApiHandler} in the gallery family, with the
 * gallery API's {@code view} parameter deciding the format of every answer, errors too: {@code view=xml} (the
 * reference's own example) or {@code view=json} win over {@code Accept}; without it, {@link #defaultFormat} decides.
 */
abstract class GalleryHandler extends AuthenticatedApiHandler<Caller> {
    GalleryHandler(Authenticator authenticator) {
        super(GalleryApi.INSTANCE, request -> checked(request, authenticator.apply(request), authenticator));
    }

    /**
     * The parameters every action reads the same way, checked once the caller is known. The gallery API's
     * {@code cookie} names a registered owner by a session: a Loupe session's id (or a session token) of the caller's
     * project makes the session's logged-in user the caller's user for this request; one that names no live
     * logged-in session of the project is a 401, never ignored, so that a client relying on it does not act as
     * someone else (the anonymous owner).
     */
    private static Caller checked(HttpRequest request, Caller caller, Authenticator authenticator) {
        if (view(request).filter(v -> !v.equals("xml") && !v.equals("json")).isPresent()) {
            throw new ApiError(400, "bad_parameter_view", "view is xml or json", "view");
        }
        Optional<String> cookie = request.params().text("cookie").filter(c -> !c.isBlank());
        return cookie.map(c -> authenticator.asSessionUser(caller, c)).orElse(caller);
    }

    /** {@code view} when it names a format; an unknown value answers in the default format (and is refused). */
    @Override
    protected final Format format(HttpRequest request) {
        return switch (view(request).orElse("")) {
            case "xml" -> Format.XML;
            case "json" -> Format.JSON;
            default -> defaultFormat(request);
        };
    }

    /** The view parameter, read from the query string only: the format must be known before the body is read. */
    private static Optional<String> view(HttpRequest request) {
        return request.query().getOrDefault("view", List.of()).stream().findFirst()
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty());
    }

    /** The format without {@code view}: what {@code Accept} prefers, JSON by default. */
    protected Format defaultFormat(HttpRequest request) {
        return request.preferredFormat();
    }
}
