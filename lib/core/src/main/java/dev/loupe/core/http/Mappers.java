package dev.loupe.core.http;

import javax.xml.stream.XMLInputFactory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;

/**
 * The JSON and XML mappers, built once per container. Field names are lower_snake_case in both (Loupe's convention);
 * unknown input fields are ignored (clients add their own, such as a version field), anything after a JSON value is
 * refused. XML input never resolves DTDs
 * or external entities.
 */
public final class Mappers {
    public static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A body is one JSON value: anything after it is a broken request, not something to ignore.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Mappers() {
    }

    /**
     * The XML mapper, built on first use: most requests answer JSON, and building it (Woodstox's factories, the XML
     * module) costs a cold start about 110 classes that a JSON request never needs. SnapStart's
     * priming renders an XML answer, so a restored function has it anyway.
     */
    public static XmlMapper xml() {
        return XmlHolder.XML;
    }

    private static final class XmlHolder {
        static final XmlMapper XML = xmlMapper();
    }

    private static XmlMapper xmlMapper() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XmlMapper mapper = new XmlMapper(XmlFactory.builder().xmlInputFactory(input).build());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION);
        return mapper;
    }
}
