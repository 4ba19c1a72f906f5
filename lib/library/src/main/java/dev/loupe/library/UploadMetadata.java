package dev.loupe.library;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.http.ApiError;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Mappers;
import dev.loupe.core.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What a client says about the image it uploads, from the multipart upload's metadata part: Constant Contact's Atom
 * entry ({@code <atom:entry><atom:content><Image><FileName>..</FileName><MD5Hash>..</MD5Hash>..}) or Loupe's JSON
 * ({@code {"file_name": .., "md5": .., "description": .., "folder_id": ..}}). Blank values count as absent; the file
 * name may be absent here when the file part carries one.
 */
public record UploadMetadata(Optional<String> fileName, Optional<String> md5, Optional<String> description,
                             Optional<String> folderId) {

    /** Parses the metadata part, choosing XML or JSON from its declared content type; 400 bad_metadata if it can't. */
    public static UploadMetadata from(Part part) {
        return parse(part.contentType(), part.content());
    }

    /** XML for application/atom+xml, application/xml, text/xml; JSON for application/json; else the first character. */
    public static UploadMetadata parse(Optional<String> contentType, byte[] body) {
        if (body == null || body.length == 0) {
            throw bad("the metadata part is empty");
        }
        String media = HttpRequest.mediaType(contentType.orElse(null));
        if (media.equals("application/atom+xml") || media.equals("application/xml") || media.equals("text/xml")
                || media.endsWith("+xml")) {
            return Xml.parse(body);
        }
        if (media.equals("application/json") || media.endsWith("+json")) {
            return fromJson(body);
        }
        // No type, or one that says nothing (form fields come as text/plain): the first character tells.
        return switch (body[firstSignificant(body)]) {
            case '<' -> Xml.parse(body);
            case '{' -> fromJson(body);
            default -> throw bad("the metadata is neither an XML Image entry nor a JSON object");
        };
    }

    private static UploadMetadata fromJson(byte[] body) {
        JsonNode tree;
        try {
            tree = Mappers.JSON.readTree(body);
        } catch (IOException e) {
            throw bad("the metadata is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw bad("the metadata must be a JSON object");
        }
        Optional<String> md5 = jsonText(object, "md5");
        Optional<String> md5Hash = jsonText(object, "md5_hash");
        if (md5.isPresent() && md5Hash.isPresent() && !md5.equals(md5Hash)) {
            throw bad("md5 and md5_hash disagree: give one");
        }
        return new UploadMetadata(jsonText(object, "file_name"), md5.or(() -> md5Hash),
                jsonText(object, "description"), jsonText(object, "folder_id"));
    }

    /** A text field; folder ids may come as numbers (Constant Contact's are), so integral numbers are taken as text. */
    private static Optional<String> jsonText(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new ApiError(400, "bad_metadata", field + " must be a string", field);
        }
        return present(value.asText());
    }

    /** Where the text starts after a UTF-8 byte order mark and white space; the last byte if it is all space. */
    private static int firstSignificant(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (i < body.length - 1 && Character.isWhitespace(body[i])) {
            i++;
        }
        // A body of a byte order mark alone has nothing after it: its last byte, not one past the end.
        return Math.min(i, body.length - 1);
    }

    private static Optional<String> present(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    private static ApiError bad(String message) {
        return new ApiError(400, "bad_metadata", message, "metadata");
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /**
     * The Atom form, read as a StAX stream from {@link Mappers#xml()}'s factory (no DTDs, no external entities). A
     * DOCTYPE is refused as soon as it is seen, before any entity in it could mean anything. Elements match by local
     * name, case aside, so the atom prefix, a default namespace or none all read alike.
     */
    private static final class Xml {
        private String fileName;
        private String md5;
        private String description;
        private String folderId;

        static UploadMetadata parse(byte[] body) {
            // XML allows nothing before its declaration, but clients and multipart encoders do put a line break
            // there: start at the '<' when the text is ASCII-compatible (UTF-16 keeps its byte order mark).
            int start = firstSignificant(body);
            int from = body[start] == '<' ? start : 0;
            try {
                XMLStreamReader reader = Mappers.xml().getFactory().getXMLInputFactory()
                        .createXMLStreamReader(new ByteArrayInputStream(body, from, body.length - from));
                try {
                    return new Xml().read(reader);
                } finally {
                    reader.close();
                }
            } catch (XMLStreamException e) {
                throw bad("the metadata is not well-formed XML: " + firstLine(e.getMessage()));
            }
        }

        private UploadMetadata read(XMLStreamReader reader) throws XMLStreamException {
            boolean sawImage = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw bad("the metadata may not have a DOCTYPE");
                }
                if (event == XMLStreamConstants.START_ELEMENT && !sawImage && is(reader, "Image")) {
                    sawImage = true;
                    readImage(reader);
                }
            }
            if (!sawImage) {
                throw bad("the metadata has no Image element");
            }
            return new UploadMetadata(present(fileName), present(md5), present(description), present(folderId));
        }

        /** Reads the Image element's children, up to its end tag. */
        private void readImage(XMLStreamReader reader) throws XMLStreamException {
            while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "filename" -> fileName = once(name, fileName, reader.getElementText());
                    case "md5hash", "md5" -> md5 = once(name, md5, reader.getElementText());
                    case "description" -> description = once(name, description, reader.getElementText());
                    case "folderid" -> folderId = once(name, folderId, reader.getElementText());
                    case "folder" -> {
                        // <Folder id="..."/> as Constant Contact's API writes it, or the id as the element's text.
                        String id = attribute(reader, "id");
                        String text = reader.getElementText();
                        folderId = once(name, folderId, id != null ? id : text);
                    }
                    default -> skipElement(reader);
                }
            }
        }

        private static String once(String name, String previous, String value) {
            if (previous != null) {
                throw bad("the metadata has " + name + " twice");
            }
            return value;
        }

        private static boolean is(XMLStreamReader reader, String localName) {
            return reader.getLocalName().equalsIgnoreCase(localName);
        }

        private static String attribute(XMLStreamReader reader, String localName) {
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                if (reader.getAttributeLocalName(i).equalsIgnoreCase(localName)) {
                    return reader.getAttributeValue(i);
                }
            }
            return null;
        }

        /** Skips an element Loupe doesn't read, with everything inside it. */
        private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }
    }
}
