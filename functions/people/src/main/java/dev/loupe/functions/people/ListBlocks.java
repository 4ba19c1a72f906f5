package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Blocks;
import dev.loupe.people.PeopleViews;

/** {@code GET /v1/me/blocks}: the users the signed-in user blocked. */
public final class ListBlocks extends AuthenticatedApiHandler<Caller> {
    private final Blocks blocks;

    public ListBlocks() {
        this(PeopleWiring.authenticator(), PeopleWiring.blocks());
    }

    ListBlocks(Function<HttpRequest, Caller> authenticator, Blocks blocks) {
        super(LoupeApi.INSTANCE, authenticator);
        this.blocks = blocks;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, new PeopleViews.BlocksView(blocks.list(caller).stream().map(PeopleViews.BlockView::of)
                .toList()), request.preferredFormat());
    }
}
