package dev.loupe.client;

import static dev.loupe.client.Transport.params;
import static dev.loupe.client.Transport.segment;

import java.util.Map;

/**
 * The people API: the project's users and sessions. Obtained from {@link LoupeClient#people()}. A session's token
 * ({@link Session#token()}) makes a client that acts in that session: {@link LoupeClient#withToken(String)}.
 */
public final class People {
    private final Transport transport;

    People(Transport transport) {
        this.transport = transport;
    }

    /** Registers a user (the backend may register anyone). */
    public User register(UserChanges user) {
        return transport.read(transport.json("POST", "/v1/users", user, false), User.class);
    }

    /** The user's account (the backend sees it whole). */
    public User user(String username) {
        return transport.read(transport.get("/v1/users/" + segment(username), Map.of()), User.class);
    }

    /** Users whose username or display name starts with {@code prefix}. */
    public UserPage search(String prefix, Integer limit, String cursor) {
        return transport.read(transport.get("/v1/users", params("q", prefix, "limit", limit, "cursor", cursor)),
                UserPage.class);
    }

    public User update(String username, UserChanges changes) {
        return transport.read(transport.json("PATCH", "/v1/users/" + segment(username), changes, false),
                User.class);
    }

    /** Deletes the user and ends its sessions; {@code deleteGalleries} deletes its galleries too (else they stay). */
    public void delete(String username, boolean deleteGalleries) {
        transport.exchange(transport.delete("/v1/users/" + segment(username),
                params("galleries", deleteGalleries ? "delete" : null)));
    }

    /** Logs in with a username (or an email) and a password: a new session, with its token. */
    public Session login(String usernameOrEmail, String password) {
        String field = usernameOrEmail.contains("@") ? "email" : "username";
        return transport.read(transport.json("POST", "/v1/sessions", Map.of(field, usernameOrEmail, "password",
                password), false), Session.class);
    }

    /** The caller's session (a session token's client). */
    public Session currentSession() {
        return transport.read(transport.get("/v1/sessions/current", Map.of()), Session.class);
    }

    /** Logs out: the session ends (the answer is the new anonymous one). */
    public Session logout() {
        return transport.read(transport.delete("/v1/sessions/current", Map.of()), Session.class);
    }
}
