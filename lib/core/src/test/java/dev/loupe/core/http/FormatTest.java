package dev.loupe.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | JSON",
            "'' | JSON",
            "*/* | JSON",
            "application/json | JSON",
            "application/xml | XML",
            "text/xml | XML",
            "application/atom+xml | XML",
            "application/json, application/xml | JSON",
            "application/xml;q=0.9, application/json;q=0.8 | XML",
            "application/json;q=0.5, text/xml | XML",
            "application/xml;q=0.5, */* | JSON",
            "text/html | JSON",
            "application/xml;q=abc | JSON"})
    void acceptHeaderChoosesTheFormat(String accept, Format expected) {
        assertThat(Format.preferredBy(accept)).isEqualTo(expected);
    }
}
