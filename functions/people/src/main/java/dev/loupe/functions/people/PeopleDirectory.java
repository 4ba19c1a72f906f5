package dev.loupe.functions.people;

import java.util.List;
import java.util.Optional;

import dev.loupe.gallery.Invitations;
import dev.loupe.people.Blocks;
import dev.loupe.people.Contacts;
import dev.loupe.people.User;
import dev.loupe.people.UserStore;

/** The people module behind invitations: users, verified emails, the owner's contact groups and blocks. */
final class PeopleDirectory implements Invitations.Directory {
    private final UserStore users;
    private final Contacts contacts;
    private final Blocks blocks;

    PeopleDirectory(UserStore users, Contacts contacts, Blocks blocks) {
        this.users = users;
        this.contacts = contacts;
        this.blocks = blocks;
    }

    @Override
    public Optional<Invitations.Person> user(String projectId, String username) {
        return users.findByUsername(projectId, username)
                .map(u -> new Invitations.Person(u.userId(), u.username(), u.email()));
    }

    @Override
    public List<Invitations.Contact> group(String projectId, String ownerUserId, String group) {
        return contacts.group(projectId, ownerUserId, group).stream()
                .map(c -> new Invitations.Contact(c.username(), c.email())).toList();
    }

    @Override
    public boolean blocks(String projectId, String ownerUserId, String userId) {
        return blocks.isBlocked(projectId, ownerUserId, userId);
    }

    @Override
    public Optional<String> verifiedEmail(String projectId, String userId) {
        return users.findById(projectId, userId).filter(User::emailVerified).map(User::email);
    }
}
