package dev.loupe.cli;

import picocli.CommandLine.Option;

/** The options every command takes (after the command's name): where to, which keys, which output. */
public final class GlobalOptions {
    @Option(names = "--url", paramLabel = "URL", description = "The API's URL (else LOUPE_URL, else the profile's url).")
    String url;

    @Option(names = "--public-key", paramLabel = "KEY",
            description = "The project's public key (else LOUPE_PUBLIC_KEY, else the profile's public_key).")
    String publicKey;

    @Option(names = "--secret-key", paramLabel = "KEY",
            description = "The project's secret key (else LOUPE_SECRET_KEY, else the profile's secret_key).")
    String secretKey;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The profile of ~/.loupe/config to read (else LOUPE_PROFILE, else default).")
    String profile;

    @Option(names = "--json", description = "Print the result as one JSON document on stdout (errors too).")
    boolean json;

    Settings.Flags flags() {
        return new Settings.Flags(url, publicKey, secretKey, profile);
    }
}
