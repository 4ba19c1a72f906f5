package dev.loupe.functions.people;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import dev.loupe.gallery.Notifications;

/** The subscriptions' and notifications' answers (JSON, or XML when preferred). */
final class SubscriptionViews {
    private SubscriptionViews() {
    }

    /** One followed gallery ({@code gallery}: its name) or user ({@code username}, {@code user_id}). */
    @JacksonXmlRootElement(localName = "subscription")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionView(String type, String gallery, String username, String userId, String since) {
        static SubscriptionView of(Notifications.Subscription s) {
            boolean gallery = s.kind().equals("gallery");
            return new SubscriptionView(s.kind(), gallery ? s.name() : null, gallery ? null : s.name(),
                    gallery ? null : s.target().substring(2), s.since().toString());
        }
    }

    @JacksonXmlRootElement(localName = "subscriptions")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubscriptionsView(@JacksonXmlElementWrapper(useWrapping = false)
                             @JacksonXmlProperty(localName = "subscription") List<SubscriptionView> subscriptions,
                             String nextCursor) {
        static SubscriptionsView of(Notifications.SubscriptionPage page) {
            return new SubscriptionsView(page.subscriptions().stream().map(SubscriptionView::of).toList(),
                    page.next().orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Actor(String userId, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NotificationView(String id, String type, String created, boolean unread, Actor actor, String gallery,
                            String commentId, Integer images) {
        static NotificationView of(Notifications.Notification n) {
            Actor actor = n.actorId().isPresent() ? new Actor(n.actorId().get(), n.actorName().orElse(null)) : null;
            return new NotificationView(n.id(), n.kind(), n.at().toString(), n.unread(), actor,
                    n.gallery().orElse(null), n.commentId().orElse(null), n.images() > 0 ? n.images() : null);
        }
    }

    @JacksonXmlRootElement(localName = "notifications")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NotificationsView(long unreadCount,
                             @JacksonXmlElementWrapper(useWrapping = false)
                             @JacksonXmlProperty(localName = "notification") List<NotificationView> notifications,
                             String nextCursor) {
        static NotificationsView of(Notifications.NotificationPage page) {
            return new NotificationsView(page.unread(), page.notifications().stream().map(NotificationView::of)
                    .toList(), page.next().orElse(null));
        }
    }

    @JacksonXmlRootElement(localName = "read")
    record ReadView(int marked, long unreadCount) {
    }
}
