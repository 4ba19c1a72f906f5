package dev.loupe.functions.people;

import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.auth.Caller;
import dev.loupe.core.http.AuthenticatedApiHandler;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.people.Blocks;

/** {@code DELETE /v1/me/blocks/{username}}: lifts a block; 204. */
public final class UnblockUser extends AuthenticatedApiHandler<Caller> {
    private final Blocks blocks;

    public UnblockUser() {
        this(PeopleWiring.authenticator(), PeopleWiring.blocks());
    }

    UnblockUser(Function<HttpRequest, Caller> authenticator, Blocks blocks) {
        super(LoupeApi.INSTANCE, authenticator);
        this.blocks = blocks;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Caller caller) {
        blocks.unblock(caller, UserRequests.username(request));
        return family().noContent();
    }
}
