package dev.loupe.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import dev.loupe.local.testing.Eventually;
import dev.loupe.local.testing.TestFiles;
import dev.loupe.auth.Project;
import dev.loupe.auth.ProjectKeys;
import dev.loupe.auth.TokenIssuer;
import dev.loupe.local.testing.ProjectClient;
import dev.loupe.local.testing.SharedLoupeCloud.LoupeCloudTest;
import dev.loupe.local.testing.HttpClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Constant Contact-style Atom library over HTTP through the local cloud, as its clients would use it: Atom
 * documents in and out, Constant Contact's multipart upload, relative links, and the XML error shape on every refusal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@LoupeCloudTest
class AtomLibraryEndToEndTest {
    private static final String ATOM = "application/atom+xml";
    private static ProjectClient cloud;
    private static String customer;

    @BeforeAll
    static void start(ProjectClient shared) throws Exception {
        cloud = shared;
        customer = "/ws/customers/" + cloud.project().projectId() + "/library/folders";
    }

    @Test
    @Order(1)
    void aClientOfTheReferenceManagesFoldersAndImages() throws Exception {
        // A new project has no folders.
        var empty = atom(send("GET", customer, cloud.token(), null, null), 200);
        assertThat(text(empty, "/*[local-name()='feed']/*[local-name()='title']")).isEqualTo("Image Folders");
        assertThat(count(empty, "//*[local-name()='entry']")).isZero();

        // Create a folder with Constant Contact's template.
        var created = send("POST", customer, cloud.token(), ATOM, folderEntry("Spring Images"));
        Document folder = atom(created, 201);
        String folderPath = created.headers().firstValue("Location").orElseThrow();
        assertThat(folderPath).matches(customer + "/[^/]+");
        assertThat(text(folder, "//Folder/Name")).isEqualTo("Spring Images");
        assertThat(text(folder, "//Folder/Link/href")).isEqualTo(folderPath);
        assertThat(text(folder, "/*[local-name()='entry']/*[local-name()='link'][@rel='edit']/@href"))
                .isEqualTo(folderPath);

        var listed = atom(send("GET", customer, cloud.token(), null, null), 200);
        assertThat(count(listed, "//*[local-name()='entry']")).isEqualTo(1);
        assertThat(text(listed, "//Folder[Name='Spring Images']/Link/href")).isEqualTo(folderPath);
        assertThat(text(atom(send("GET", folderPath, cloud.token(), null, null), 200), "//Folder/Name"))
                .isEqualTo("Spring Images");

        // Upload with Constant Contact's multipart: the Atom entry with MD5Hash, then the bytes.
        byte[] jpeg = TestFiles.image("jpg", 320, 200);
        String imagesPath = folderPath + "/images";
        var uploaded = upload(imagesPath, "Bengal Tiger.jpg", md5(jpeg), "tiger alt", jpeg);
        Document answer = atom(uploaded, 201);
        String imagePath = uploaded.headers().firstValue("Location").orElseThrow();
        assertThat(imagePath).matches(imagesPath + "/[^/]+");
        assertThat(text(answer, "//Image/Link/href")).isEqualTo(imagePath);
        assertThat(count(answer, "//Image/ImageUsages/ImageUsage")).isZero();

        Document image = atom(send("GET", imagePath, cloud.token(), null, null), 200);
        assertThat(text(image, "/*[local-name()='entry']/*[local-name()='title']")).isEqualTo("Bengal Tiger.jpg");
        assertThat(text(image, "//Image/FileName")).isEqualTo("Bengal Tiger.jpg");
        assertThat(text(image, "//Image/Width")).isEqualTo("320");
        assertThat(text(image, "//Image/Height")).isEqualTo("200");
        assertThat(text(image, "//Image/MD5Hash")).isEqualTo(md5(jpeg));
        assertThat(text(image, "//Image/FileSize")).isEqualTo(Integer.toString(jpeg.length));
        assertThat(text(image, "//Image/FileType")).isEqualTo("JPG");
        assertThat(text(image, "//Image/Description")).isEqualTo("tiger alt");
        assertThat(text(image, "//Image/Folder/Name")).isEqualTo("Spring Images");
        assertThat(text(image, "//Image/Folder/Link/href")).isEqualTo(folderPath);
        assertThat(count(image, "//Image/ImageUsages")).isEqualTo(1);
        assertThat(count(image, "//Image/ImageUsages/ImageUsage")).isZero();
        // The bytes come from S3 through the presigned ImageURL, never through the API.
        assertThat(download(URI.create(text(image, "//Image/ImageURL")))).isEqualTo(jpeg);

        Document feed = atom(send("GET", imagesPath, cloud.token(), null, null), 200);
        assertThat(text(feed, "/*[local-name()='feed']/*[local-name()='title']")).isEqualTo("Images");
        assertThat(count(feed, "//*[local-name()='entry']")).isEqualTo(1);
        assertThat(text(feed, "//*[local-name()='entry']/*[local-name()='link'][@rel='edit']/@href"))
                .isEqualTo(imagePath);
        assertThat(text(feed, "//Image/Link/href")).isEqualTo(imagePath);
        assertThat(count(feed, "/*[local-name()='feed']/*[local-name()='link'][@rel='next']")).isZero();

        // Pages: three images two at a time; the next link keeps the page size.
        for (int i = 0; i < 2; i++) {
            byte[] more = TestFiles.image("png", 40 + i, 30);
            atom(upload(imagesPath, "more-" + i + ".png", md5(more), "", more), 201);
        }
        Set<String> seen = new HashSet<>();
        Document first = atom(send("GET", imagesPath + "?limit=2", cloud.token(), null, null), 200);
        assertThat(count(first, "//*[local-name()='entry']")).isEqualTo(2);
        String next = text(first, "/*[local-name()='feed']/*[local-name()='link'][@rel='next']/@href");
        assertThat(next).startsWith(imagesPath + "?next=").endsWith("&limit=2");
        seen.addAll(texts(first, "//Image/Link/href"));
        Document second = atom(send("GET", next, cloud.token(), null, null), 200);
        assertThat(count(second, "//*[local-name()='entry']")).isEqualTo(1);
        assertThat(count(second, "/*[local-name()='feed']/*[local-name()='link'][@rel='next']")).isZero();
        seen.addAll(texts(second, "//Image/Link/href"));
        assertThat(seen).hasSize(3).contains(imagePath);

        // Delete one image: 204, then it is gone.
        var deleted = send("DELETE", imagePath, cloud.token(), null, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(send("GET", imagePath, cloud.token(), null, null), 404, "image_deleted");
        assertThat(count(atom(send("GET", imagesPath, cloud.token(), null, null), 200),
                "//*[local-name()='entry']")).isEqualTo(2);

        // Delete all images of the folder: 202 at once, the folder empties in the background.
        var purge = send("DELETE", imagesPath, cloud.token(), null, null);
        assertThat(purge.statusCode()).isEqualTo(202);
        assertThat(purge.body()).isEmpty();
        Eventually.until(Duration.ofSeconds(60), "the folder's images are deleted", () -> count(atomQuietly(
                imagesPath), "//*[local-name()='entry']") == 0);
        for (String gone : seen) {
            assertThat(send("GET", gone, cloud.token(), null, null).statusCode()).isEqualTo(404);
        }
        // The folder stays: only its images were asked for.
        assertThat(text(atom(send("GET", folderPath, cloud.token(), null, null), 200), "//Folder/Name"))
                .isEqualTo("Spring Images");
    }

    @Test
    @Order(2)
    void anotherProjectsFoldersAndImagesAreNotFound() throws Exception {
        Project other = new Project(ProjectKeys.newProjectId(), ProjectKeys.newPublicKey(),
                ProjectKeys.newSecretKey(), "other", List.of());
        cloud.projects().create(other, Instant.now());
        String otherToken = TokenIssuer.backendToken(other, Clock.systemUTC(), null, null, null);
        String otherCustomer = "/ws/customers/" + other.projectId() + "/library/folders";

        var theirs = send("POST", otherCustomer, otherToken, ATOM, folderEntry("Theirs"));
        atom(theirs, 201);
        String theirFolderId = lastSegment(theirs.headers().firstValue("Location").orElseThrow());
        byte[] jpeg = TestFiles.image("jpg", 20, 20);
        var theirUpload = upload(otherCustomer + "/" + theirFolderId + "/images", otherToken, "t.jpg", md5(jpeg), "",
                jpeg);
        atom(theirUpload, 201);
        String theirImageId = lastSegment(theirUpload.headers().firstValue("Location").orElseThrow());

        var mine = send("POST", customer, cloud.token(), ATOM, folderEntry("Mine"));
        String myFolder = mine.headers().firstValue("Location").orElseThrow();

        // Their path with my token: another customer.
        assertError(send("GET", otherCustomer, cloud.token(), null, null), 404, "unknown_customer");
        assertError(send("GET", otherCustomer + "/" + theirFolderId + "/images", cloud.token(), null, null), 404,
                "unknown_customer");
        // Their ids on my path: as unknown as ids that never existed.
        assertError(send("GET", customer + "/" + theirFolderId, cloud.token(), null, null), 404,
                "folder_not_found");
        assertError(send("GET", customer + "/" + theirFolderId + "/images", cloud.token(), null, null), 404,
                "folder_not_found");
        assertError(send("DELETE", customer + "/" + theirFolderId + "/images", cloud.token(), null, null), 404,
                "folder_not_found");
        assertError(send("GET", myFolder + "/images/" + theirImageId, cloud.token(), null, null), 404,
                "image_not_found");
        assertError(send("DELETE", myFolder + "/images/" + theirImageId, cloud.token(), null, null), 404,
                "image_not_found");
        // Nothing of theirs changed.
        assertThat(count(atom(send("GET", otherCustomer + "/" + theirFolderId + "/images", otherToken, null, null),
                200), "//*[local-name()='entry']")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void refusalsAnswerInXml() throws Exception {
        var folder = send("POST", customer, cloud.token(), ATOM, folderEntry("Refusals"));
        String imagesPath = folder.headers().firstValue("Location").orElseThrow() + "/images";
        byte[] jpeg = TestFiles.image("jpg", 30, 30);

        assertError(send("POST", customer, cloud.token(), ATOM, folderEntry("refusals")), 409, "folder_name_taken");
        assertError(send("POST", customer, cloud.token(), ATOM, ("<?xml version=\"1.0\"?>"
                + "<!DOCTYPE entry [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + "<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:content><Folder><Name>&x;</Name>"
                + "</Folder></atom:content></atom:entry>").getBytes(StandardCharsets.UTF_8)), 400, "bad_entry");
        assertError(send("POST", customer, cloud.token(), "application/json",
                "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
        assertError(upload(imagesPath, "p.jpg", "0".repeat(32), "", jpeg), 400, "md5_mismatch");
        assertError(upload(imagesPath, "p.jpg", null, "", jpeg), 400, "missing_md5");
        assertError(upload(customer + "/no-such-folder/images", "p.jpg", md5(jpeg), "", jpeg), 404,
                "folder_not_found");
        assertError(send("GET", imagesPath + "/no-such-image", cloud.token(), null, null), 404, "image_not_found");
        assertError(send("GET", imagesPath + "?limit=0", cloud.token(), null, null), 400, "bad_parameter");
        assertError(send("GET", customer, null, null, null), 401, "missing_token");
        // Content negotiation: this surface answers only Atom (the compatibility issue).
        assertError(sendAccepting("application/json", "GET", customer, null), 406, "not_acceptable");
        assertThat(sendAccepting("*/*", "GET", customer, null).statusCode()).isEqualTo(200);
        assertError(sendAccepting("application/json", "POST", customer, folderEntry("JSON only")), 406,
                "not_acceptable");
        assertThat(count(atom(send("GET", customer, cloud.token(), null, null), 200),
                "//*[local-name()='entry']/*[local-name()='title'][.='JSON only']")).as("nothing created").isZero();
        assertError(uploadWithEntryType(imagesPath, "text/plain", jpeg), 415, "unsupported_media_type");
        // Nothing was stored by the refused uploads.
        assertThat(count(atom(send("GET", imagesPath, cloud.token(), null, null), 200),
                "//*[local-name()='entry']")).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] folderEntry(String name) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom">
                <atom:content>
                <Folder>
                <Name>%s</Name>
                </Folder>
                </atom:content>
                </atom:entry>""".formatted(name).getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> upload(String path, String fileName, String md5, String description,
                                               byte[] bytes) throws Exception {
        return upload(path, cloud.token(), fileName, md5, description, bytes);
    }

    /**
     * Constant Contact's upload: multipart/form-data, the Atom entry first (application/atom+xml), then the image with
     * its own type and {@code Content-Transfer-Encoding: binary}. The parts' names are none that Loupe knows, so they
     * are found by position, as Constant Contact's API orders them.
     */
    private static HttpResponse<String> upload(String path, String token, String fileName, String md5,
                                               String description, byte[] bytes) throws Exception {
        String entry = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom">
                <atom:content>
                <Image>
                <FileName>%s</FileName>
                %s<Description>%s</Description>
                </Image>
                </atom:content>
                </atom:entry>""".formatted(fileName, md5 == null ? "" : "<MD5Hash>" + md5 + "</MD5Hash>\n",
                description);
        String boundary = "atom-" + Long.toHexString(System.nanoTime());
        String type = fileName.endsWith(".png") ? "image/png" : "image/jpeg";
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"details\"\r\n"
                + "Content-Type: application/atom+xml\r\n\r\n" + entry + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + type + "\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, token, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** An Atom call with another {@code Accept}, as the project's backend. */
    private static HttpResponse<String> sendAccepting(String accept, String method, String path, byte[] entry)
            throws Exception {
        return send(accept, method, path, cloud.token(), entry == null ? null : ATOM, entry);
    }

    /** {@link #upload}'s request with its entry part declared as {@code entryType}. */
    private static HttpResponse<String> uploadWithEntryType(String path, String entryType, byte[] jpeg)
            throws Exception {
        String boundary = "atom-" + Long.toHexString(System.nanoTime());
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"details\"\r\n"
                + "Content-Type: " + entryType + "\r\n\r\n<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\">"
                + "<atom:content><Image><FileName>t.jpg</FileName><MD5Hash>" + md5(jpeg) + "</MD5Hash></Image>"
                + "</atom:content></atom:entry>\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"t.jpg\""
                + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, cloud.token(), "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static HttpResponse<String> send(String method, String path, String token, String contentType,
                                             byte[] body) throws Exception {
        return send(ATOM, method, path, token, contentType, body);
    }

    private static HttpResponse<String> send(String accept, String method, String path, String token,
                                             String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (contentType != null) request.header("Content-Type", contentType);
        return HttpClients.send(request.build());
    }

    private static byte[] download(URI url) throws Exception {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        var response = HttpClients.sendForBytes(HttpRequest.newBuilder(url).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A success: its status, the Atom media type, and the parsed document. */
    private static Document atom(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(ATOM);
        return parse(response.body());
    }

    private static Document atomQuietly(String path) {
        try {
            return atom(send("GET", path, cloud.token(), null, null), 200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refusal: Loupe's error fields in XML, whatever the client accepts. */
    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        Document error = parse(response.body());
        assertThat(error.getDocumentElement().getLocalName()).isEqualTo("error");
        assertThat(text(error, "/error/status")).isEqualTo(Integer.toString(status));
        assertThat(text(error, "/error/code")).isEqualTo(code);
        assertThat(text(error, "/error/message")).isNotBlank();
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }

    private static List<String> texts(Document document, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    private static int count(Document document, String xpath) {
        try {
            return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                    XPathConstants.NODESET)).getLength();
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
