package dev.loupe.functions.people;

import java.util.Optional;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.people.PeopleService;

/** The fields of a registration or a change, read the same way by both routes (JSON, form or query). */
final class UserRequests {
    private UserRequests() {
    }

    static PeopleService.Changes changes(HttpRequest request) {
        var p = request.params();
        return new PeopleService.Changes(p.text("username"), p.text("display_name"), p.text("email"),
                p.first("password"), p.text("role"), p.text("avatar"), p.first("bio"));
    }

    static String username(HttpRequest request) {
        return request.pathParameter("username")
                .orElseThrow(() -> ApiError.badParameter("username", "the path names no user"));
    }
}
