package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Blocks;
import dev.loupe.people.PeopleViews;

/** {@code PUT /v1/me/blocks/{username}}: the signed-in user blocks a user (no comments on, invitations to or following of its galleries). */
public final class BlockUser extends AuthenticatedApiHandler<Caller> {
    private final Blocks blocks;

    public BlockUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.blocks());
    }

    BlockUser(Function<HttpRequest, Caller> authenticator, Blocks blocks) {
        super(LoupeApi.INSTANCE, authenticator);
        this.blocks = blocks;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        return family().ok(200, PeopleViews.BlockView.of(blocks.block(caller, UserRequests.username(request))),
                request.preferredFormat());
    }
}
