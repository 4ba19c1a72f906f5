package dev.loupe.fetch;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * SafeFetcher's test-only constructor for tests outside its package: {@code beforeConnect} sees every address a
 * socket is about to connect to, so a test can prove that a refusal came before any connection, and can stop any
 * connection to an address that is not loopback.
 */
public final class TestFetchers {
    private TestFetchers() {
    }

    public static SafeFetcher watched(AddressPolicy policy, Resolver resolver, SafeFetcher.Limits limits,
                                      Consumer<InetSocketAddress> beforeConnect) {
        return new SafeFetcher(policy, resolver, limits, beforeConnect);
    }
}
