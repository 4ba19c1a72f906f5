package dev.loupe.library.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.Format;
import dev.loupe.core.http.ListingApi;
import dev.loupe.core.http.LoupeApi;
import dev.loupe.core.http.Mappers;
import dev.loupe.library.Image;
import dev.loupe.library.ImageLinks;
import dev.loupe.library.ImageStatus;
import dev.loupe.library.Person;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The two answers' shapes: the image list API's field names and order, and Loupe's, the same in JSON and XML. */
class ListViewsTest {
    // Signing is local: no request leaves the test.
    private final ImageLinks links = new ImageLinks(S3Presigner.builder().region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build(),
            "bucket");

    private final Image image = new Image.Builder().projectId("p").imageId("01HZX").fileName("XML & char in tag.png")
            .status(ImageStatus.ACTIVE).extension("png").width(1022).height(845).pages(1).fileSize(34_806)
            .md5("0".repeat(32)).objectKey("originals/p/01HZX/XML & char in tag.png").thumbnailSizes(List.of(300, 150))
            .createdBy(new Person("12", "Mitul Patel")).modifiedBy(new Person("27", "Rishit Patel"))
            .created(Instant.parse("2019-02-27T11:18:40Z")).modified(Instant.parse("2019-02-27T11:19:05Z"))
            .version(2).build();
    private final ListPage page = new ListPage(List.of(image), 3, 5, Optional.of("next"));

    @Test
    void referenceJsonHasItsFieldsInItsOrder() throws Exception {
        String body = ListingApi.INSTANCE.ok(200, Api2ImageList.of(page, 0, links), Format.JSON).getBody();
        JsonNode json = Mappers.JSON.readTree(body);
        assertThat(fieldNames(json)).containsExactly("total", "totalcount", "currentpage", "image");
        assertThat(json.path("total").asLong()).isEqualTo(3);
        assertThat(json.path("totalcount").asLong()).isEqualTo(5);
        assertThat(json.path("currentpage").asLong()).isZero();
        JsonNode row = json.path("image").get(0);
        assertThat(fieldNames(row)).containsExactly("id", "name", "createdby", "createddate", "modifiedby",
                "modifieddate", "status", "attachmentid", "filesize", "thumbnailurl", "url", "extension", "height",
                "width");
        assertThat(row.path("id").isTextual()).as("ids are opaque strings").isTrue();
        assertThat(row.path("name").asText()).isEqualTo("XML & char in tag.png");
        assertThat(fieldNames(row.path("createdby"))).containsExactly("id", "name");
        assertThat(row.at("/createdby/name").asText()).isEqualTo("Mitul Patel");
        assertThat(row.at("/modifiedby/id").asText()).isEqualTo("27");
        assertThat(row.path("createddate").asText()).isEqualTo("27 Feb 2019 11:18");
        assertThat(row.path("modifieddate").asText()).isEqualTo("27 Feb 2019 11:19");
        assertThat(row.path("status").asText()).isEqualTo("active");
        assertThat(row.path("filesize").asText()).isEqualTo("33.99 KB");
        assertThat(row.path("thumbnailurl").asText()).contains("/thumbnails/p/01HZX/150.jpg");
        assertThat(row.path("url").asText()).contains("/originals/p/01HZX/").contains("X-Amz-Signature");
        assertThat(row.path("extension").asText()).isEqualTo("png");
        assertThat(row.path("height").asInt()).isEqualTo(845);
        assertThat(row.path("width").asInt()).isEqualTo(1022);
    }

    @Test
    void referenceXmlRepeatsImageUnderImages() throws Exception {
        String body = ListingApi.INSTANCE.ok(200, Api2ImageList.of(new ListPage(List.of(image, image), 3, 5,
                Optional.empty()), 2, links), Format.XML).getBody();
        Document xml = parse(body);
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("images");
        assertThat(childNames(xml.getDocumentElement())).containsExactly("total", "totalcount", "currentpage",
                "image", "image");
        assertThat(xpath(xml, "/images/currentpage")).isEqualTo("2");
        assertThat(xpath(xml, "/images/image[1]/name")).isEqualTo("XML & char in tag.png");
        assertThat(body).contains("<name>XML &amp; char in tag.png</name>");
        assertThat(xpath(xml, "/images/image[1]/createdby/name")).isEqualTo("Mitul Patel");
        assertThat(childNames((org.w3c.dom.Element) xml.getElementsByTagName("image").item(0))).containsExactly(
                "id", "name", "createdby", "createddate", "modifiedby", "modifieddate", "status", "attachmentid",
                "filesize", "thumbnailurl", "url", "extension", "height", "width");
        String empty = ListingApi.INSTANCE.ok(200, Api2ImageList.of(new ListPage(List.of(), 0, 0, Optional.empty()),
                0, links), Format.XML).getBody();
        assertThat(childNames(parse(empty).getDocumentElement())).containsExactly("total", "totalcount",
                "currentpage");
    }

    @Test
    void loupesListHasTheSameFieldsInJsonAndXml() throws Exception {
        JsonNode json = Mappers.JSON.readTree(LoupeApi.INSTANCE.ok(200, ImageListView.of(page, links), Format.JSON)
                .getBody());
        assertThat(fieldNames(json)).containsExactly("images", "total", "next_cursor");
        assertThat(json.at("/images/0/file_name").asText()).isEqualTo("XML & char in tag.png");
        assertThat(json.at("/images/0/file_size").asLong()).isEqualTo(34_806);
        assertThat(json.at("/images/0/file_size_human").asText()).isEqualTo("33.99 KB");
        assertThat(json.at("/images/0/created").asText()).isEqualTo("2019-02-27T11:18:40Z");
        assertThat(json.at("/images/0/created_by/name").asText()).isEqualTo("Mitul Patel");
        assertThat(json.path("next_cursor").asText()).isEqualTo("next");
        JsonNode last = Mappers.JSON.readTree(LoupeApi.INSTANCE.ok(200, ImageListView.of(new ListPage(List.of(), 0,
                0, Optional.empty()), links), Format.JSON).getBody());
        assertThat(last.has("next_cursor")).isTrue();
        assertThat(last.path("next_cursor").isNull()).as("the last page says so").isTrue();

        Document xml = parse(LoupeApi.INSTANCE.ok(200, ImageListView.of(page, links), Format.XML).getBody());
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("image_list");
        assertThat(xpath(xml, "/image_list/images/image[1]/file_name")).isEqualTo("XML & char in tag.png");
        assertThat(xpath(xml, "/image_list/images/image[1]/created_by/name")).isEqualTo("Mitul Patel");
        assertThat(xpath(xml, "/image_list/total")).isEqualTo("3");
        assertThat(xpath(xml, "/image_list/next_cursor")).isEqualTo("next");
        List<String> jsonFields = fieldNames(json.at("/images/0"));
        assertThat(childNames((org.w3c.dom.Element) xml.getElementsByTagName("image").item(0)))
                .containsExactlyElementsOf(jsonFields);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xpath(Document document, String path) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(path, document, XPathConstants.STRING);
    }

    private static List<String> childNames(org.w3c.dom.Element element) {
        List<String> names = new ArrayList<>();
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof org.w3c.dom.Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }
}
