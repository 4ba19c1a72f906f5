package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.PeopleService;
import dev.loupe.people.PeopleViews;
import dev.loupe.people.UserStore;

/**
 * {@code GET /v1/users?q=&limit=&cursor=}: users whose username or display name starts with {@code q} (case and
 * accents ignored), through the users table's search index: never a scan.
 */
public final class SearchUsers extends AuthenticatedApiHandler<Caller> {
    private final PeopleService people;

    public SearchUsers() {
        this(PeopleWiring.authenticator(), PeopleWiring.people());
    }

    SearchUsers(Function<HttpRequest, Caller> authenticator, PeopleService people) {
        super(LoupeApi.INSTANCE, authenticator);
        this.people = people;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        var params = request.params();
        int limit = params.integer("limit", 1, PeopleService.MAX_SEARCH_LIMIT).orElse(20);
        UserStore.Page page = people.search(caller, params.text("q").orElse(""), limit, params.text("cursor"));
        return family().ok(200, new PeopleViews.Users(page.users().stream().map(PeopleViews::profile).toList(),
                page.nextCursor().orElse(null)), request.preferredFormat());
    }
}
