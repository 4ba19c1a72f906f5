import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

/**
 * bench/coldstart.sh's Java side: one Lambda invocation in a fresh JVM, as the java25 runtime makes it. The handler
 * class is loaded and constructed (Lambda's init), the payload v2 event is deserialized with
 * aws-lambda-java-serialization (the runtime's own serializer), the handler runs once and its response is serialized
 * back. Prints the status code; exits 1 unless it is the expected one.
 *   java -cp <function jar>:<serialization jar>:<this> Invoke <handler class> <event.json> <expected status>
 */
public final class Invoke {
    public static void main(String[] args) throws Exception {
        ClassLoader loader = Invoke.class.getClassLoader();
        @SuppressWarnings("unchecked")
        var handler = (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0], true,
                loader).getConstructor().newInstance();
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                loader);
        PojoSerializer<APIGatewayV2HTTPResponse> out = LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPResponse.class, loader);
        APIGatewayV2HTTPEvent event = in.fromJson(Files.readString(Path.of(args[1])));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new BenchContext(args[0]));
        var bytes = new ByteArrayOutputStream();
        out.toJson(response, bytes);
        int expected = Integer.parseInt(args[2]);
        if (response.getStatusCode() != expected) {
            System.err.println("unexpected answer: " + bytes.toString(StandardCharsets.UTF_8));
            System.exit(1);
        }
        System.out.println(response.getStatusCode());
    }

    private record BenchContext(String function) implements Context {
        public String getAwsRequestId() { return "bench"; }
        public String getLogGroupName() { return "/aws/lambda/" + function; }
        public String getLogStreamName() { return "bench"; }
        public String getFunctionName() { return function; }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:" + function; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 29_000; }
        public int getMemoryLimitInMB() { return 1024; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.err.println(message); }
                public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
