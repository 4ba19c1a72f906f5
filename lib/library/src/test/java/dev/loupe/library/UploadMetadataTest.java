package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.Part;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadMetadataTest {
    /** Constant Contact's minimum body, as its documentation gives it. */
    private static final String REFERENCE_XML = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <atom:entry xmlns:atom="http://www.w3.org/2005/Atom">
            <atom:content>
            <Image>
            <FileName>1278008252289.gif</FileName>
            <MD5Hash>990ca0ed790e033668111c2b402b6b53</MD5Hash>
            <Description />
            </Image>
            </atom:content>
            </atom:entry>
            """;

    @Test
    void readsTheReferencesAtomEntry() {
        UploadMetadata metadata = parse("application/atom+xml", REFERENCE_XML);

        assertThat(metadata.fileName()).contains("1278008252289.gif");
        assertThat(metadata.md5()).contains("990ca0ed790e033668111c2b402b6b53");
        assertThat(metadata.description()).isEmpty();
        assertThat(metadata.folderId()).isEmpty();
    }

    @Test
    void readsAFolderAsAttributeOrText() {
        String withAttribute = REFERENCE_XML.replace("<Description />",
                "<Description>At the lake</Description><Folder id=\"f-42\"/>");
        UploadMetadata metadata = parse("application/xml", withAttribute);
        assertThat(metadata.description()).contains("At the lake");
        assertThat(metadata.folderId()).contains("f-42");

        assertThat(parse("text/xml", REFERENCE_XML.replace("<Description />", "<FolderId>77</FolderId>"))
                .folderId()).contains("77");
        assertThat(parse("text/xml", REFERENCE_XML.replace("<Description />", "<Folder>78</Folder>"))
                .folderId()).contains("78");
    }

    @Test
    void namespacesAndPrefixesDoNotMatter() {
        String defaultNamespace = """
                <entry xmlns="http://www.w3.org/2005/Atom"><title>ignored</title><content type="application/xml">
                <Image xmlns=""><FileName>a.png</FileName><MD5Hash>0123456789abcdef0123456789abcdef</MD5Hash></Image>
                </content></entry>""";
        assertThat(parse("application/atom+xml", defaultNamespace).fileName()).contains("a.png");

        String bareImage = "<Image><fileName>b.png</fileName><md5hash>x</md5hash><Extra><Nested/></Extra></Image>";
        UploadMetadata bare = parse("application/xml", bareImage);
        assertThat(bare.fileName()).contains("b.png");
        assertThat(bare.md5()).contains("x"); // its form is the upload validation's to judge
    }

    @Test
    void readsJson() {
        UploadMetadata metadata = parse("application/json",
                "{\"file_name\": \"a.jpg\", \"md5\": \"990ca0ed790e033668111c2b402b6b53\", "
                        + "\"description\": \"Lake\", \"folder_id\": \"f-1\", \"something_else\": [1]}");
        assertThat(metadata).isEqualTo(new UploadMetadata(Optional.of("a.jpg"),
                Optional.of("990ca0ed790e033668111c2b402b6b53"), Optional.of("Lake"), Optional.of("f-1")));

        UploadMetadata other = parse("application/json; charset=utf-8",
                "{\"file_name\": \"a.jpg\", \"md5_hash\": \"abc\", \"folder_id\": 12, \"description\": null}");
        assertThat(other.md5()).contains("abc");
        assertThat(other.folderId()).contains("12");
        assertThat(other.description()).isEmpty();

        assertThat(parse("application/json", "{}")).isEqualTo(new UploadMetadata(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void withoutAContentTypeTheFirstCharacterDecides() {
        assertThat(parse(null, "\uFEFF\n  " + REFERENCE_XML).fileName()).contains("1278008252289.gif");
        assertThat(parse(null, "  {\"file_name\": \"a.jpg\"}").fileName()).contains("a.jpg");
        assertThat(parse("text/plain", "{\"file_name\": \"a.jpg\"}").fileName()).contains("a.jpg");
        assertBad(null, "file_name=a.jpg", "neither");
    }

    @Test
    void fromAPart() {
        Part part = new Part("metadata", Optional.empty(), Optional.of("application/atom+xml"),
                REFERENCE_XML.getBytes(StandardCharsets.UTF_8));
        assertThat(UploadMetadata.from(part).fileName()).contains("1278008252289.gif");
    }

    @Test
    void malformedMetadataIsRefused() {
        assertBad("application/xml", "<Image><FileName>a.jpg</Image>", "not well-formed XML");
        assertBad("application/xml", REFERENCE_XML + "<trailing/>", "not well-formed XML");
        assertBad("application/xml", "<entry><content/></entry>", "no Image element");
        assertBad("application/xml", "<Image><FileName>a<b/>c</FileName></Image>", "not well-formed XML");
        assertBad("application/xml", "<Image><FileName>a</FileName><FileName>b</FileName></Image>", "twice");
        assertBad("application/json", "{\"file_name\": ", "not valid JSON");
        assertBad("application/json", "[\"a.jpg\"]", "JSON object");
        assertBad("application/json", "{\"md5\": \"a\", \"md5_hash\": \"b\"}", "disagree");
        assertThatThrownBy(() -> parse("application/json", "{\"file_name\": {\"x\": 1}}"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param()).contains("file_name"));
        assertBad("application/json", "", "empty");
    }

    @Test
    void aByteOrderMarkAloneIsRefusedWhateverTheType() {
        // Found by AtomXmlFuzzTest: the three bytes of a UTF-8 byte order mark and nothing after them were read one
        // past the end (an ArrayIndexOutOfBoundsException, a 500).
        byte[] bomOnly = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        for (String type : new String[] {"application/atom+xml", "application/xml", "text/xml", "application/json",
                null}) {
            assertThatThrownBy(() -> UploadMetadata.parse(Optional.ofNullable(type), bomOnly))
                    .as("type %s", type).isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("bad_metadata");
                    });
        }
    }

    @Test
    void anExternalEntityIsNeverResolved(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-7731");
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE entry [<!ENTITY xxe SYSTEM "%s">]>
                <entry><content><Image><FileName>&xxe;</FileName></Image></content></entry>
                """.formatted(secret.toUri());

        for (String type : new String[] {"application/atom+xml", "application/xml", "text/xml", null}) {
            assertThatThrownBy(() -> parse(type, xxe)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("bad_metadata");
                assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
            });
        }
        // The shared mapper underneath doesn't resolve it either: it stops at the undeclared entity.
        assertThatThrownBy(() -> Mappers.xml().readTree(xxe)).hasMessageContaining("Undeclared general entity")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void anExternalDtdIsNeverFetched() throws Exception {
        // A parser that fetched external DTDs or parameter entities would call this server.
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            String external = "<?xml version=\"1.0\"?><!DOCTYPE entry SYSTEM \"" + url + "\">"
                    + "<entry><content><Image><FileName>a.jpg</FileName></Image></content></entry>";
            String parameterEntity = "<?xml version=\"1.0\"?><!DOCTYPE entry [<!ENTITY % remote SYSTEM \"" + url
                    + "\"> %remote;]><entry><content><Image><FileName>a.jpg</FileName></Image></content></entry>";

            for (String xml : new String[] {external, parameterEntity}) {
                assertThatThrownBy(() -> parse("application/atom+xml", xml)).isInstanceOfSatisfying(ApiError.class,
                        e -> assertThat(e.code()).isEqualTo("bad_metadata"));
                Mappers.xml().readTree(xml); // the shared mapper ignores the DTD: nothing is fetched
            }
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void entityExpansionIsRefusedToo() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <Image><FileName>&lol2;</FileName></Image>""";
        assertBad("application/xml", laughs, "DOCTYPE");
    }

    private static UploadMetadata parse(String contentType, String body) {
        return UploadMetadata.parse(Optional.ofNullable(contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBad(String contentType, String body, String messagePart) {
        assertThatThrownBy(() -> parse(contentType, body)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("bad_metadata");
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
