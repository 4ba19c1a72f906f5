package dev.loupe.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * HttpClient's only way from a host name to addresses: it connects to exactly what this returns, so the addresses
 * vetted here are the ones connected to (no second lookup a rebinding DNS server could answer differently). A name
 * with any forbidden address is refused whole: a server that answers [public, private] is not to be trusted with
 * either. HttpClient calls this for IP literals too; the underlying resolver parses them.
 */
final class GuardedDnsResolver implements DnsResolver {
    private final AddressPolicy policy;
    private final Resolver resolver;

    GuardedDnsResolver(AddressPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        boolean literal = SafeFetcher.literal(host) != null;
        for (InetAddress address : addresses) {
            var reason = policy.refusal(address);
            if (reason.isPresent()) {
                throw new RefusedAddressException(SafeFetcher.forbidden(host, literal, reason.get()));
            }
        }
        return addresses.clone();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        // Only Kerberos/SPNEGO authentication asks for this, and the fetcher never authenticates.
        throw new UnknownHostException("canonical host names are not resolved: " + host);
    }
}
