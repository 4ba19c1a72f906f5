package dev.loupe.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What to change of a library image; null fields are left as they are. {@code status}: active or archived. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageChanges(String fileName, String description, String status, Boolean gpsPublic) {
}
