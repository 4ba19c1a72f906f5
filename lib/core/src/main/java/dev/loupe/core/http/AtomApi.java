package dev.loupe.core.http;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The Constant Contact-style Atom library: Atom XML in and out, {@code application/atom+xml}. Success bodies are
 * written with StAX so the {@code atom:} prefix and the element names are exactly Constant Contact's; errors, which
 * Constant Contact leaves unspecified, are Loupe's own error fields in XML ({@code <error><status>..</status><code>..
 * </code><message>..</message></error>}), always XML because this surface's clients only read XML.
 */
public final class AtomApi extends ApiFamily {
    public static final AtomApi INSTANCE = new AtomApi();
    public static final String CONTENT_TYPE = "application/atom+xml";
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    /** Writes one Atom document's content (after the XML declaration and before the end). */
    @FunctionalInterface
    public interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    /** The types an Atom body may be declared as: Atom's own, and the generic XML types some clients send. */
    public static final Set<String> ENTRY_TYPES = Set.of(CONTENT_TYPE, "application/xml", "text/xml");

    /**
     * Refuses, with 406, a request whose {@code Accept} rules Atom out: the surface answers nothing else, and
     * Constant Contact's clients always send {@code Accept: application/atom+xml}. No header, a wildcard
     * ({@code *}{@code /*}, {@code application/*}) or any XML type with a q-value above 0 is acceptable.
     */
    public static void requireAcceptable(HttpRequest request) {
        String accept = request.header("accept").orElse("");
        if (accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.strip().split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip().replace(" ", "");
                refused |= param.matches("q=0(\\.0*)?");
            }
            boolean matches = type.equals(CONTENT_TYPE) || type.equals("*/*") || type.equals("application/*")
                    || ENTRY_TYPES.contains(type);
            if (matches && !refused) {
                return;
            }
        }
        throw new ApiError(406, "not_acceptable", "This surface answers only application/atom+xml; the request's "
                + "Accept header allows none of it. Send Accept: application/atom+xml");
    }

    /** A success answer: the Atom document {@code body} writes. */
    public APIGatewayV2HTTPResponse atom(int status, Body body) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            body.write(xml);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an Atom document", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE + "; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(text.toString()).withIsBase64Encoded(false).build();
    }

    /** 201 with the created resource's address, as an Atom server answers a POST to a collection. */
    public APIGatewayV2HTTPResponse created(String location, Body body) {
        APIGatewayV2HTTPResponse response = atom(201, body);
        response.getHeaders().put("Location", location);
        return response;
    }

    /**
     * 202 without a body: the work was queued. Constant Contact's API shows no answer for it, and the job has no Atom
     * resource a client could follow, so there is nothing to describe.
     */
    public APIGatewayV2HTTPResponse accepted() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(202).withHeaders(headers).build();
    }

    @Override
    public APIGatewayV2HTTPResponse error(ApiError error, Format ignored) {
        return super.error(error, Format.XML);
    }

    @Override
    protected Object errorBody(ApiError error, Format format) {
        return new LoupeApi.Detail(error.status(), error.code(), error.getMessage(), error.param().orElse(null));
    }
}
