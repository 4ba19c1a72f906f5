package dev.loupe.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AtomApi;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The Atom documents match Constant Contact's shapes, element for element, with relative links. */
class AtomLibraryTest {
    private static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");
    // Presigning is computed locally: nothing is sent to this address.
    private final ImageLinks links = new ImageLinks(S3Presigner.builder().region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build(),
            "bucket");
    private final AtomLibrary atom = new AtomLibrary("proj1");
    private final Folder spring = new Folder("proj1", "f2", "Spring Images", 1, T, T, false);

    @Test
    void theFolderFeedHasTheReferencesShape() throws Exception {
        Document feed = render(atom.folderFeed(List.of(new Folder("proj1", "f1", "Images", 0, T, T, false), spring)));
        assertThat(text(feed, "/*[local-name()='feed']/*[local-name()='title']")).isEqualTo("Image Folders");
        assertThat(feed.getDocumentElement().getNamespaceURI()).isEqualTo(AtomApi.ATOM_NS);
        assertThat(feed.getDocumentElement().getPrefix()).isEqualTo("atom");
        NodeList entries = nodes(feed, "//*[local-name()='entry']");
        assertThat(entries.getLength()).isEqualTo(2);
        assertThat(text(feed, "(//*[local-name()='entry'])[2]/*[local-name()='link']/@href"))
                .isEqualTo("/ws/customers/proj1/library/folders/f2");
        assertThat(text(feed, "(//*[local-name()='entry'])[2]/*[local-name()='link']/@rel")).isEqualTo("edit");
        assertThat(text(feed, "//Folder[Name='Spring Images']/Link/href"))
                .isEqualTo("/ws/customers/proj1/library/folders/f2");
        assertThat(text(feed, "//Folder[Name='Spring Images']/@id")).endsWith(":/ws/customers/proj1/library/folders/f2");
        assertThat(text(feed, "/*[local-name()='feed']/*[local-name()='updated']")).isEqualTo(T.toString());
    }

    @Test
    void anImageEntryCarriesTheReferencesFieldsAndUsages() throws Exception {
        Image image = new Image.Builder().projectId("proj1").imageId("img9").folderId(Optional.of("f2"))
                .fileName("Bengal Tiger.JPG").description("tiger & <alt>").status(ImageStatus.ACTIVE)
                .extension("jpg").width(226).height(257).pages(1).fileSize(50362).md5("401ba3a6f45834e0df0bba7d054c3c29")
                .objectKey("originals/proj1/img9/Bengal Tiger.JPG").thumbnailSizes(List.of(150))
                .createdBy(Person.PROJECT).modifiedBy(Person.PROJECT).created(T).modified(T).version(2).build();
        var usage = new ImageUsage("gallery", "lisbon", "Summer in Lisbon", "/v1/galleries/lisbon", T,
                Optional.empty());
        Document entry = render(atom.imageEntry(spring, image, List.of(usage), links));
        assertThat(text(entry, "/*[local-name()='entry']/*[local-name()='title']")).isEqualTo("Bengal Tiger.JPG");
        assertThat(text(entry, "//Image/FileName")).isEqualTo("Bengal Tiger.JPG");
        assertThat(text(entry, "//Image/ImageURL")).startsWith("http://127.0.0.1:9/bucket/originals/proj1/img9/");
        assertThat(text(entry, "//Image/Height")).isEqualTo("257");
        assertThat(text(entry, "//Image/Width")).isEqualTo("226");
        assertThat(text(entry, "//Image/Description")).isEqualTo("tiger & <alt>");
        assertThat(text(entry, "//Image/Folder/Name")).isEqualTo("Spring Images");
        assertThat(text(entry, "//Image/MD5Hash")).isEqualTo("401ba3a6f45834e0df0bba7d054c3c29");
        assertThat(text(entry, "//Image/FileSize")).isEqualTo("50362");
        assertThat(text(entry, "//Image/LastUpdated")).isEqualTo(T.toString());
        assertThat(text(entry, "//Image/ImageUsages/ImageUsage/Name")).isEqualTo("Summer in Lisbon");
        assertThat(text(entry, "//Image/ImageUsages/ImageUsage/Link/href")).isEqualTo("/v1/galleries/lisbon");
        assertThat(text(entry, "//Image/ImageUsages/ImageUsage/Link/relationship")).isEqualTo("edit");
        assertThat(text(entry, "//Image/Link/href")).isEqualTo("/ws/customers/proj1/library/folders/f2/images/img9");
        assertThat(text(entry, "//Image/FileType")).isEqualTo("JPG");
    }

    @Test
    void anImageFeedLinksToItsNextPage() throws Exception {
        Document feed = render(atom.imageFeed(spring, List.of(), links, Optional.of("abc"), Optional.empty()));
        assertThat(text(feed, "/*[local-name()='feed']/*[local-name()='link'][@rel='next']/@href"))
                .isEqualTo("/ws/customers/proj1/library/folders/f2/images?next=abc");
        assertThat(text(feed, "/*[local-name()='feed']/*[local-name()='title']")).isEqualTo("Images");
        Document sized = render(atom.imageFeed(spring, List.of(), links, Optional.of("abc"), Optional.of(2)));
        assertThat(text(sized, "/*[local-name()='feed']/*[local-name()='link'][@rel='next']/@href"))
                .isEqualTo("/ws/customers/proj1/library/folders/f2/images?next=abc&limit=2");
        Document last = render(atom.imageFeed(spring, List.of(), links, Optional.empty(), Optional.of(2)));
        assertThat(nodes(last, "//*[local-name()='link'][@rel='next']").getLength()).isZero();
    }

    @Test
    void aCreateBodyNamesItsFolder() {
        String body = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom">
                <atom:content>
                <Folder>
                <Name>Folder Name</Name>
                </Folder>
                </atom:content>
                </atom:entry>""";
        assertThat(AtomLibrary.folderNameFrom(body.getBytes(StandardCharsets.UTF_8))).isEqualTo("Folder Name");
    }

    @Test
    void aCreateBodyWithAnEntityOrNoNameIsRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom"><atom:content><Folder><Name>&x;</Name>
                </Folder></atom:content></atom:entry>""";
        assertThatThrownBy(() -> AtomLibrary.folderNameFrom(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiError.class).hasFieldOrPropertyWithValue("code", "bad_entry");
        assertThatThrownBy(() -> AtomLibrary.folderNameFrom("<entry/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiError.class).hasFieldOrPropertyWithValue("code", "bad_entry");
    }

    @Test
    void aCreateBodyWithAnExternalDoctypeAndNoInternalSubsetIsRefused() {
        String external = """
                <?xml version="1.0"?>
                <!DOCTYPE entry SYSTEM "http://127.0.0.1:9/atom.dtd">
                <atom:entry xmlns:atom="http://www.w3.org/2005/Atom"><atom:content><Folder><Name>Plain</Name>
                </Folder></atom:content></atom:entry>""";
        assertThatThrownBy(() -> AtomLibrary.folderNameFrom(external.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiError.class).hasFieldOrPropertyWithValue("code", "bad_entry")
                .hasFieldOrPropertyWithValue("status", 400);
        String publicId = """
                <!DOCTYPE entry PUBLIC "-//Example//Atom//EN" "atom.dtd">
                <entry><content><Folder><Name>Plain</Name></Folder></content></entry>""";
        assertThatThrownBy(() -> AtomLibrary.folderNameFrom(publicId.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiError.class).hasFieldOrPropertyWithValue("code", "bad_entry");
    }

    private static Document render(AtomApi.Body body) throws Exception {
        String xml = AtomApi.INSTANCE.atom(200, body).getBody();
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }

    private static NodeList nodes(Document document, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
    }
}
