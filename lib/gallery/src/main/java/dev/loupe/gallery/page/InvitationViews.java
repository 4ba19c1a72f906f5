package dev.loupe.gallery.page;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.gallery.Invitations;

/** The invitations' answers. Never the token: it exists only in the mail to the invitee. */
public final class InvitationViews {
    private InvitationViews() {
    }

    @JacksonXmlRootElement(localName = "invitation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvitationView(String id, String gallery, String role, String userId, String username, String email,
                                 String status, String created, String expires, String acceptedBy, String accepted) {
        public static InvitationView of(Invitations.Invitation i) {
            return new InvitationView(i.id(), i.gallery(), i.role(), i.userId().orElse(null),
                    i.username().orElse(null), i.email().orElse(null), i.status().name().toLowerCase(Locale.ROOT),
                    i.created().toString(), i.expires().toString(), i.acceptedBy().orElse(null),
                    i.accepted().map(Instant::toString).orElse(null));
        }
    }

    @JacksonXmlRootElement(localName = "invitations")
    public record InvitationsView(@JacksonXmlElementWrapper(useWrapping = false)
                                  @JacksonXmlProperty(localName = "invitation") List<InvitationView> invitations) {
        public static InvitationsView of(List<Invitations.Invitation> list) {
            return new InvitationsView(list.stream().map(InvitationView::of).toList());
        }
    }
}
