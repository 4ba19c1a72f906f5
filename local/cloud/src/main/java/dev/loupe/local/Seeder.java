package dev.loupe.local;

import java.util.List;

/**
 * What an application adds to the local cloud once its resources exist and its API listens: the data a developer
 * needs to call it (an account, keys, a token), kept in {@link LocalCloud#dataDir()} if it must outlive a restart.
 * The local cloud knows nothing of the application; this is where the application's own code comes in.
 */
@FunctionalInterface
public interface Seeder {
    /** Nothing to seed. */
    Seeder NONE = cloud -> List.of();

    /**
     * Called once per start, after provisioning, with the running cloud: its API's address, the provisioned names
     * ({@link LocalCloud#provisioned()}) and clients for the emulated services ({@link LocalCloud#backend()}).
     *
     * @return lines for the start-up banner, printed under the API's address (none for tests)
     */
    List<String> seed(LocalCloud cloud) throws Exception;
}
