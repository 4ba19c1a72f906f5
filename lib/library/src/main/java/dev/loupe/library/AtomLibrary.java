package dev.loupe.library;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.AtomApi;
import dev.loupe.core.http.Mappers;

/**
 * The image library in Constant Contact's Atom shapes: the folder feed, the image feed of a folder, one image's entry,
 * and the folder entry a create sends. Links are relative ({@code /ws/customers/{username}/library/...}), as the
 * Constant Contact's API says its image links are and its folder links should be; ids are tag URIs over the same paths.
 */
public final class AtomLibrary {
    private static final String TAG = "tag:loupe,2026:";

    private final String username;

    /** @param username the {@code {username}} of the paths: the project's id, which every link repeats */
    public AtomLibrary(String username) {
        this.username = username;
    }

    public String foldersPath() {
        return "/ws/customers/" + username + "/library/folders";
    }

    public String folderPath(String folderId) {
        return foldersPath() + "/" + folderId;
    }

    public String imagesPath(String folderId) {
        return folderPath(folderId) + "/images";
    }

    public String imagePath(String folderId, String imageId) {
        return imagesPath(folderId) + "/" + imageId;
    }

    /** GET .../folders: every folder as an entry. */
    public AtomApi.Body folderFeed(List<Folder> folders) {
        Instant updated = folders.stream().map(Folder::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        return xml -> {
            startFeed(xml, "Image Folders", updated, foldersPath());
            for (Folder folder : folders) {
                writeFolderEntry(xml, folder);
            }
            xml.writeEndElement();
        };
    }

    /** One folder as an entry (the answer to a create, and to Loupe's folder details). */
    public AtomApi.Body folderEntry(Folder folder) {
        return xml -> {
            xml.setPrefix("atom", AtomApi.ATOM_NS);
            xml.writeStartElement("atom", "entry", AtomApi.ATOM_NS);
            xml.writeNamespace("atom", AtomApi.ATOM_NS);
            writeFolderEntryContent(xml, folder);
            xml.writeEndElement();
        };
    }

    /**
     * GET .../folders/{id}/images: a page of the folder's images, with an Atom {@code next} link when there's more.
     * The link repeats the page size the client asked for, so that following it keeps pages the same size.
     */
    public AtomApi.Body imageFeed(Folder folder, List<Image> images, ImageLinks links, Optional<String> nextCursor,
                                  Optional<Integer> limit) {
        Instant updated = images.stream().map(Image::modified).max(Instant::compareTo).orElse(folder.updated());
        return xml -> {
            startFeed(xml, "Images", updated, imagesPath(folder.folderId()));
            if (nextCursor.isPresent()) {
                xml.writeEmptyElement("atom", "link", AtomApi.ATOM_NS);
                xml.writeAttribute("rel", "next");
                // Cursors are base64url: safe in a query as they are.
                xml.writeAttribute("href", imagesPath(folder.folderId()) + "?next=" + nextCursor.get()
                        + limit.map(l -> "&limit=" + l).orElse(""));
            }
            for (Image image : images) {
                xml.writeStartElement("atom", "entry", AtomApi.ATOM_NS);
                writeImageEntryContent(xml, folder, image, links, null);
                xml.writeEndElement();
            }
            xml.writeEndElement();
        };
    }

    /** One image with its usages (Constant Contact's "details of an image"). */
    public AtomApi.Body imageEntry(Folder folder, Image image, List<ImageUsage> usages, ImageLinks links) {
        return xml -> {
            xml.setPrefix("atom", AtomApi.ATOM_NS);
            xml.writeStartElement("atom", "entry", AtomApi.ATOM_NS);
            xml.writeNamespace("atom", AtomApi.ATOM_NS);
            writeImageEntryContent(xml, folder, image, links, usages);
            xml.writeEndElement();
        };
    }

    /** The folder name a create's body carries ({@code <atom:entry><atom:content><Folder><Name>}). */
    public static String folderNameFrom(byte[] body) {
        JsonNode entry;
        try {
            refuseDoctype(body);
            entry = Mappers.xml().readTree(body);
        } catch (ApiError e) {
            throw e;
        } catch (java.io.IOException | javax.xml.stream.XMLStreamException | RuntimeException e) {
            throw new ApiError(400, "bad_entry", "The body is not a well-formed Atom entry (DOCTYPEs and entities "
                    + "are not accepted): " + e.getMessage(), "body");
        }
        JsonNode name = entry == null ? null : entry.path("content").path("Folder").path("Name");
        if (name == null || !name.isValueNode() || name.asText().isBlank()) {
            throw new ApiError(400, "bad_entry", "The entry names no folder: send "
                    + "<atom:entry><atom:content><Folder><Name>...</Name></Folder></atom:content></atom:entry>",
                    "Name");
        }
        return name.asText();
    }

    /**
     * A DOCTYPE, with an internal subset or only an external identifier, comes before the root element: the reader's
     * factory resolves none, but Jackson's tree would silently skip it, and the API says a DOCTYPE is refused.
     */
    private static void refuseDoctype(byte[] body) throws javax.xml.stream.XMLStreamException {
        var reader = Mappers.xml().getFactory().getXMLInputFactory()
                .createXMLStreamReader(new java.io.ByteArrayInputStream(body));
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == javax.xml.stream.XMLStreamConstants.DTD) {
                    throw new ApiError(400, "bad_entry", "The entry may not have a DOCTYPE", "body");
                }
                if (event == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                    return;
                }
            }
        } finally {
            reader.close();
        }
    }

    // ---------------------------------------------------------------- writing

    private void startFeed(XMLStreamWriter xml, String title, Instant updated, String path)
            throws XMLStreamException {
        xml.setPrefix("atom", AtomApi.ATOM_NS);
        xml.writeStartElement("atom", "feed", AtomApi.ATOM_NS);
        xml.writeNamespace("atom", AtomApi.ATOM_NS);
        text(xml, "atom", "title", title);
        text(xml, "atom", "updated", updated.toString());
        text(xml, "atom", "id", TAG + path);
    }

    private void writeFolderEntry(XMLStreamWriter xml, Folder folder) throws XMLStreamException {
        xml.writeStartElement("atom", "entry", AtomApi.ATOM_NS);
        writeFolderEntryContent(xml, folder);
        xml.writeEndElement();
    }

    private void writeFolderEntryContent(XMLStreamWriter xml, Folder folder) throws XMLStreamException {
        String path = folderPath(folder.folderId());
        text(xml, "atom", "title", folder.name());
        editLink(xml, path);
        text(xml, "atom", "updated", folder.updated().toString());
        text(xml, "atom", "id", TAG + path);
        xml.writeStartElement("atom", "content", AtomApi.ATOM_NS);
        writeFolder(xml, folder);
        xml.writeEndElement();
    }

    private void writeFolder(XMLStreamWriter xml, Folder folder) throws XMLStreamException {
        String path = folderPath(folder.folderId());
        xml.writeStartElement("Folder");
        xml.writeAttribute("id", TAG + path);
        text(xml, null, "Name", folder.name());
        xml.writeStartElement("Link");
        text(xml, null, "href", path);
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private void writeImageEntryContent(XMLStreamWriter xml, Folder folder, Image image, ImageLinks links,
                                        List<ImageUsage> usages) throws XMLStreamException {
        String path = imagePath(folder.folderId(), image.imageId());
        text(xml, "atom", "title", image.fileName());
        editLink(xml, path);
        text(xml, "atom", "updated", image.modified().toString());
        text(xml, "atom", "id", TAG + path);
        xml.writeStartElement("atom", "content", AtomApi.ATOM_NS);
        xml.writeStartElement("Image");
        text(xml, null, "FileName", image.fileName());
        text(xml, null, "ImageURL", links.original(image).toString());
        text(xml, null, "Height", Integer.toString(image.height()));
        text(xml, null, "Width", Integer.toString(image.width()));
        text(xml, null, "Description", image.description());
        writeFolder(xml, folder);
        text(xml, null, "MD5Hash", image.md5());
        text(xml, null, "FileSize", Long.toString(image.fileSize()));
        text(xml, null, "LastUpdated", image.modified().toString());
        if (usages != null) {
            xml.writeStartElement("ImageUsages");
            for (ImageUsage usage : usages) {
                xml.writeStartElement("ImageUsage");
                text(xml, null, "Name", usage.name());
                xml.writeStartElement("Link");
                text(xml, null, "href", usage.link());
                text(xml, null, "relationship", "edit");
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeStartElement("Link");
        text(xml, null, "href", path);
        xml.writeEndElement();
        text(xml, null, "FileType", image.extension().toUpperCase(Locale.ROOT));
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void editLink(XMLStreamWriter xml, String href) throws XMLStreamException {
        xml.writeEmptyElement("atom", "link", AtomApi.ATOM_NS);
        xml.writeAttribute("rel", "edit");
        xml.writeAttribute("href", href);
    }

    private static void text(XMLStreamWriter xml, String prefix, String name, String value)
            throws XMLStreamException {
        if (prefix == null) {
            xml.writeStartElement(name);
        } else {
            xml.writeStartElement(prefix, name, AtomApi.ATOM_NS);
        }
        xml.writeCharacters(value == null ? "" : value);
        xml.writeEndElement();
    }
}
