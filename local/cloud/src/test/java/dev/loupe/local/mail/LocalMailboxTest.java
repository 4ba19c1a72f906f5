package dev.loupe.local.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SES v2's SendEmail as the SDK sends it (simple content), kept in memory and written to the folder. */
class LocalMailboxTest {
    @Test
    void aSentMessageIsKeptAndWrittenToTheFolder(@TempDir Path folder) throws Exception {
        try (LocalMailbox mailbox = LocalMailbox.start(Optional.of(folder));
             HttpClient http = HttpClient.newHttpClient()) {
            String body = """
                    {"FromEmailAddress":"no-reply@example.com","Destination":{"ToAddresses":["ada@example.com"]},
                     "Content":{"Simple":{"Subject":{"Data":"Hello","Charset":"UTF-8"},
                     "Body":{"Text":{"Data":"open https://example.com/x","Charset":"UTF-8"}}}}}
                    """;
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            mailbox.endpoint().resolve("/v2/email/outbound-emails"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("MessageId");
            assertThat(mailbox.endpoint().getHost()).isEqualTo("127.0.0.1");
            LocalMailbox.Message message = mailbox.messagesTo("ADA@example.com").getFirst();
            assertThat(message.subject()).isEqualTo("Hello");
            assertThat(message.text()).isEqualTo("open https://example.com/x");
            assertThat(message.from()).isEqualTo("no-reply@example.com");
            try (var files = Files.list(folder)) {
                assertThat(files.toList()).singleElement()
                        .satisfies(f -> assertThat(Files.readString(f)).contains("ada@example.com"));
            }
        }
    }

    @Test
    void anythingButSimpleContentIsRefusedClearly() throws Exception {
        try (LocalMailbox mailbox = LocalMailbox.start(Optional.empty());
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            mailbox.endpoint().resolve("/v2/email/outbound-emails"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Content\":{\"Raw\":{}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("simple content only");
            assertThat(mailbox.messages()).isEmpty();
        }
    }
}
