package dev.loupe.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the tool talks to and with which keys, resolved as the AWS CLI resolves its settings: a command-line flag
 * wins over the environment ({@code LOUPE_URL}, {@code LOUPE_PUBLIC_KEY}, {@code LOUPE_SECRET_KEY}), which wins over
 * the profile file ({@code ~/.loupe/config}, or {@code LOUPE_CONFIG_FILE}). The profile is {@code --profile}, else
 * {@code LOUPE_PROFILE}, else {@code default}; naming a profile the file lacks is an error, a missing
 * {@code default} is not.
 *
 * @param sources for each setting, where its value came from ({@code flag}, {@code env}, {@code profile NAME})
 */
public record Settings(URI url, String publicKey, String secretKey, String profile, Map<String, String> sources) {
    public static final String URL = "LOUPE_URL";
    public static final String PUBLIC_KEY = "LOUPE_PUBLIC_KEY";
    public static final String SECRET_KEY = "LOUPE_SECRET_KEY";
    public static final String PROFILE = "LOUPE_PROFILE";
    public static final String CONFIG_FILE = "LOUPE_CONFIG_FILE";

    /** The values given as flags (null when not given). */
    public record Flags(String url, String publicKey, String secretKey, String profile) {
    }

    /** The profile file: {@code LOUPE_CONFIG_FILE}, else {@code ~/.loupe/config}. */
    public static Path configFile(Map<String, String> env, Path home) {
        String file = env.get(CONFIG_FILE);
        return file != null && !file.isBlank() ? Path.of(file) : home.resolve(".loupe").resolve("config");
    }

    public static Settings resolve(Flags flags, Map<String, String> env, Path configFile) {
        String profile = first(flags.profile(), env.get(PROFILE));
        boolean named = profile != null;
        profile = named ? profile : "default";
        Map<String, String> fromFile = profileValues(configFile, profile, named);
        Map<String, String> sources = new LinkedHashMap<>();
        String url = pick("url", flags.url(), env.get(URL), fromFile.get("url"), profile, sources);
        String publicKey = pick("public_key", flags.publicKey(), env.get(PUBLIC_KEY), fromFile.get("public_key"),
                profile, sources);
        String secretKey = pick("secret_key", flags.secretKey(), env.get(SECRET_KEY), fromFile.get("secret_key"),
                profile, sources);
        if (url == null) {
            throw missing("the API's URL", "--url", URL, "url", configFile, profile);
        }
        if (publicKey == null || secretKey == null) {
            throw missing(publicKey == null ? "the public key" : "the secret key",
                    publicKey == null ? "--public-key" : "--secret-key", publicKey == null ? PUBLIC_KEY : SECRET_KEY,
                    publicKey == null ? "public_key" : "secret_key", configFile, profile);
        }
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "The URL '" + url + "' (from " + sources.get("url") + ") is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new CliException(ExitCode.USAGE, "The URL '" + url + "' (from " + sources.get("url")
                    + ") must be http:// or https:// with a host");
        }
        return new Settings(uri, publicKey, secretKey, profile, Map.copyOf(sources));
    }

    private static Map<String, String> profileValues(Path configFile, String profile, boolean named) {
        if (!Files.isRegularFile(configFile)) {
            if (named) {
                throw new CliException(ExitCode.USAGE, "The profile '" + profile + "' was asked for, but there is no "
                        + "profile file " + configFile);
            }
            return Map.of();
        }
        Map<String, Map<String, String>> sections;
        try {
            sections = Ini.parse(Files.readAllLines(configFile), configFile.toString());
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "Cannot read the profile file " + configFile + ": " + e.getMessage());
        }
        Map<String, String> values = sections.get(profile);
        if (values == null && named) {
            throw new CliException(ExitCode.USAGE, "The profile '" + profile + "' is not in " + configFile
                    + " (it has: " + String.join(", ", sections.keySet()) + ")");
        }
        return values == null ? Map.of() : values;
    }

    private static String pick(String name, String flag, String env, String file, String profile,
                               Map<String, String> sources) {
        if (present(flag)) {
            sources.put(name, "flag");
            return flag;
        }
        if (present(env)) {
            sources.put(name, "env");
            return env;
        }
        if (present(file)) {
            sources.put(name, "profile " + profile);
            return file;
        }
        return null;
    }

    private static CliException missing(String what, String flag, String env, String key, Path file, String profile) {
        return new CliException(ExitCode.USAGE, "No " + what + ": give " + flag + ", set " + env + ", or put "
                + key + " = ... under [" + profile + "] in " + file);
    }

    private static String first(String a, String b) {
        return present(a) ? a : present(b) ? b : null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
