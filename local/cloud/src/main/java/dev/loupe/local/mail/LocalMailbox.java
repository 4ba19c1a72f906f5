package dev.loupe.local.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The one SES call an application sends mail with, emulated: SES v2's {@code SendEmail}
 * ({@code POST /v2/email/outbound-emails}, simple content), on loopback. Each message is kept (tests read
 * {@link #messages()}) and, when the cloud keeps data, written to {@code <data dir>/mailbox/} as one JSON file, so a
 * person trying the application locally reads the links it mailed there. Functions reach it through the SDK's own
 * endpoint override, {@code AWS_ENDPOINT_URL_SESV2}. Nothing else of SES is emulated: no identities, no sending
 * limits, no bounces; every address is accepted. Signatures are not checked.
 */
public final class LocalMailbox implements AutoCloseable {
    /** One message as it was sent; {@code html} is empty ("") for a text-only message. */
    public record Message(String id, String from, List<String> to, String subject, String text, Instant sent,
                          String html) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Optional<Path> folder;
    private final List<Message> messages = new ArrayList<>();

    private LocalMailbox(HttpServer server, Optional<Path> folder) {
        this.server = server;
        this.folder = folder;
    }

    /** Starts the mailbox on a free loopback port; {@code folder} (may be empty) receives a file per message. */
    public static LocalMailbox start(Optional<Path> folder) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalMailbox mailbox = new LocalMailbox(server, folder);
        server.createContext("/v2/email/outbound-emails", mailbox::sendEmail);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return mailbox;
    }

    /** What the functions get as {@code AWS_ENDPOINT_URL_SESV2}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** Every message sent so far, oldest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The messages sent to {@code address} (any case), oldest first. */
    public List<Message> messagesTo(String address) {
        return messages().stream().filter(m -> m.to().stream().anyMatch(address::equalsIgnoreCase)).toList();
    }

    private void sendEmail(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "{\"message\":\"only SendEmail (POST) is emulated\"}");
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            JsonNode simple = request.path("Content").path("Simple");
            if (simple.isMissingNode()) {
                answer(exchange, 400, "{\"__type\":\"BadRequestException\","
                        + "\"message\":\"the local mailbox takes simple content only\"}");
                return;
            }
            List<String> to = new ArrayList<>();
            request.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
            String text = simple.path("Body").path("Text").path("Data").asText(
                    simple.path("Body").path("Html").path("Data").asText(""));
            Message message = new Message(UUID.randomUUID().toString(), request.path("FromEmailAddress").asText(),
                    List.copyOf(to), simple.path("Subject").path("Data").asText(), text, Instant.now(),
                    simple.path("Body").path("Html").path("Data").asText(""));
            synchronized (this) {
                messages.add(message);
            }
            if (folder.isPresent()) {
                Files.createDirectories(folder.get());
                ObjectNode file = JSON.createObjectNode().put("id", message.id()).put("from", message.from())
                        .put("subject", message.subject()).put("text", message.text()).put("html", message.html())
                        .put("sent", message.sent().toString());
                message.to().forEach(file.putArray("to")::add);
                Files.writeString(folder.get().resolve(message.sent().toEpochMilli() + "-" + message.id() + ".json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file));
            }
            answer(exchange, 200, "{\"MessageId\":\"" + message.id() + "\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
