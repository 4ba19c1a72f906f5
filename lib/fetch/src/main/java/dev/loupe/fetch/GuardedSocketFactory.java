package dev.loupe.fetch;

import dev.loupe.core.http.ApiError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.Consumer;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

/**
 * Plain sockets that check the address once more at connect time, whatever produced it: the resolver is the guard,
 * this is the backstop. It is also where the port of every connection is known (a resolver sees names only), so it
 * keeps an allowed loopback address to its allowed port ({@link AddressPolicy#refusal(InetSocketAddress)}) whatever
 * name or redirect led there. TLS is layered over these sockets, so every connection passes here.
 * DetachedSocketFactory is marked internal in HttpClient 5.6; the pinned version and SafeFetcherTest keep that
 * honest.
 */
final class GuardedSocketFactory implements DetachedSocketFactory {
    private final AddressPolicy policy;
    private final Consumer<InetSocketAddress> beforeConnect;

    GuardedSocketFactory(AddressPolicy policy, Consumer<InetSocketAddress> beforeConnect) {
        this.policy = policy;
        this.beforeConnect = beforeConnect;
    }

    @Override
    public Socket create(Proxy proxy) throws IOException {
        if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
            throw new IOException("the fetcher connects directly, never through a proxy");
        }
        return new GuardedSocket();
    }

    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address) || address.isUnresolved()) {
                throw new IOException("only a resolved address can be connected to");
            }
            beforeConnect.accept(address);
            var reason = policy.refusal(address);
            if (reason.isPresent()) {
                throw new RefusedAddressException(new ApiError(400, "forbidden_address",
                        "A connection to " + reason.get() + " was refused; only public addresses can be fetched.",
                        "url"));
            }
            super.connect(endpoint, timeout);
        }
    }
}
