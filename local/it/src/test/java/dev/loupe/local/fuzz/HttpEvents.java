package dev.loupe.local.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Base64;
import java.util.Map;

/** Payload v2 events as API Gateway hands them over, for the fuzz targets that fuzz only a body. */
final class HttpEvents {
    private HttpEvents() {
    }

    static APIGatewayV2HTTPEvent post(String path, Map<String, String> headers, byte[] body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath(path);
        http.setSourceIp("127.0.0.1");
        context.setHttp(http);
        context.setDomainName("localhost");
        event.setRequestContext(context);
        event.setRawPath(path);
        event.setRouteKey("POST " + path);
        event.setHeaders(headers);
        event.setIsBase64Encoded(true); // binary bodies arrive base64-encoded
        event.setBody(Base64.getEncoder().encodeToString(body));
        return event;
    }
}
