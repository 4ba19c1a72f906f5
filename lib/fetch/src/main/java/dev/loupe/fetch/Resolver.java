package dev.loupe.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into addresses. SafeFetcher vets whatever this returns; tests pass a fake one. */
@FunctionalInterface
public interface Resolver {
    /** The JVM's resolver; for an IP literal it parses the text and looks nothing up. */
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
