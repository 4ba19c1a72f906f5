package dev.loupe.core.http;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.loupe.core.FunctionLog;
import org.crac.Core;
import org.crac.Resource;

/**
 * The frame of every HTTP function: turn the event into an {@link HttpRequest}, let the subclass parse, call its
 * service and render, and turn any {@link ApiError} into the family's error shape. Anything else is our fault: it is
 * logged with the request id and answered as a 500 that reveals nothing.
 *
 * <p>A handler never extends this class directly (its constructor is package-private): it says whether its route
 * asks for a token by extending {@link AuthenticatedApiHandler} (the caller is verified once, before
 * {@code handle(request, caller)}) or {@link PublicApiHandler} (public on purpose: pages, the unlock form,
 * {@code POST /v1/auth}).
 *
 * <p>On AWS, SnapStart snapshots the function after initialization; {@link #beforeCheckpoint} primes it first, so
 * the restored process has the request path's classes loaded (docs/DESIGN.md, "Cold starts").
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        Resource {
    private final ApiFamily family;

    ApiHandler(ApiFamily family) {
        this.family = family;
        Core.getGlobalContext().register(this);
    }

    /**
     * Runs the request path without side effects: an unauthenticated request (parsing, the verifier's checks, the
     * family's error rendering in both formats), then the modules' {@link PrimingStep}s (auth's looks up a project that
     * does not exist: the DynamoDB client).
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        for (String accept : new String[]{"application/json", "application/xml"}) {
            handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRawPath("/priming").withRawQueryString("a=1")
                    .withHeaders(java.util.Map.of("accept", accept, "content-type", "application/json"))
                    .withBody("{\"priming\":true}")
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                            .build())
                    .build(), null);
        }
        try {
            for (PrimingStep step : ServiceLoader.load(PrimingStep.class, ApiHandler.class.getClassLoader())) {
                try {
                    step.prime();
                } catch (RuntimeException | LinkageError ignored) {
                    // Priming must never stop a snapshot; the first real request will report any problem.
                }
            }
        } catch (ServiceConfigurationError ignored) {
            // Likewise: a step that cannot be loaded is the first real request's problem.
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients re-resolve credentials and connections themselves.
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        CrossOrigin crossOrigin = CrossOrigin.of(event);
        return crossOrigin.addTo(answer(event, context, crossOrigin));
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Context context, CrossOrigin crossOrigin) {
        Format format = Format.JSON;
        try {
            HttpRequest request = HttpRequest.from(event);
            format = format(request);
            return respond(request, crossOrigin);
        } catch (ApiError error) {
            // Our own faults are logged; 501 is a deliberate answer about a missing feature, not a fault.
            if (error.status() >= 500 && error.status() != 501 && context != null) {
                FunctionLog.line(context, "ERROR " + error.code() + ": " + error.getMessage());
            }
            return family.error(error, format);
        } catch (RuntimeException unexpected) {
            if (context != null) {
                FunctionLog.line(context, "ERROR unexpected failure in request " + context.getAwsRequestId() + ": "
                        + FunctionLog.stackTrace(unexpected));
            }
            return family.error(new ApiError(500, internalErrorCode(), "Something went wrong on our side; "
                    + "nothing was changed. Try again."), format);
        }
    }

    /**
     * The subclass frame's part: authenticate or not (telling {@code crossOrigin} the verified caller), then parse,
     * call one service and render.
     */
    abstract APIGatewayV2HTTPResponse respond(HttpRequest request, CrossOrigin crossOrigin);

    /**
     * The format of this handler's answers, errors included: what {@code Accept} prefers, unless a surface that
     * speaks one format to existing clients (the gallery API's single endpoint: XML) says otherwise.
     */
    protected Format format(HttpRequest request) {
        return request.preferredFormat();
    }

    /** The machine code of an unexpected failure in this family (the gallery family has its own io_ codes). */
    protected String internalErrorCode() {
        return "internal_error";
    }

    protected ApiFamily family() {
        return family;
    }
}
