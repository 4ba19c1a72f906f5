package dev.loupe.functions.people;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.PublicApiHandler;

/**
 * {@code GET /v1/ping}: the imageloop-style API's test function: the service is up, and its version. Public on
 * purpose: a client checks it before it has any token, and it reads nothing.
 */
public final class Ping extends PublicApiHandler {
    /** The version Maven builds (the jar's manifest); "development" when run from classes. */
    static final String VERSION = java.util.Optional.ofNullable(Ping.class.getPackage().getImplementationVersion())
            .orElse("development");

    @JacksonXmlRootElement(localName = "ping")
    record Answer(String status, String service, String version, String time) {
    }

    private final Clock clock;

    public Ping() {
        this(Clock.systemUTC());
    }

    Ping(Clock clock) {
        super(LoupeApi.INSTANCE);
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request) {
        return family().ok(200, new Answer("ok", "loupe", VERSION, clock.instant().toString()),
                request.preferredFormat());
    }
}
