package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path home;

    private static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null);

    private Path profiles() throws IOException {
        Path file = home.resolve(".loupe/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                # the local cloud
                [default]
                url = http://127.0.0.1:3000/
                public_key = pk_default
                secret_key = sk_default

                [profile prod]
                url = https://api.example.com
                public_key = pk_prod
                secret_key = sk_prod
                """);
        return file;
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheProfile() throws IOException {
        Path file = profiles();
        Settings fromFile = Settings.resolve(NO_FLAGS, Map.of(), file);
        assertThat(fromFile.url()).hasToString("http://127.0.0.1:3000");
        assertThat(fromFile.publicKey()).isEqualTo("pk_default");
        assertThat(fromFile.sources()).containsEntry("url", "profile default");

        Settings fromEnv = Settings.resolve(NO_FLAGS, Map.of("LOUPE_URL", "http://127.0.0.1:4000",
                "LOUPE_PUBLIC_KEY", "pk_env"), file);
        assertThat(fromEnv.url()).hasToString("http://127.0.0.1:4000");
        assertThat(fromEnv.publicKey()).isEqualTo("pk_env");
        assertThat(fromEnv.secretKey()).isEqualTo("sk_default");
        assertThat(fromEnv.sources()).containsEntry("url", "env").containsEntry("secret_key", "profile default");

        Settings fromFlags = Settings.resolve(new Settings.Flags("http://127.0.0.1:5000", null, "sk_flag", null),
                Map.of("LOUPE_URL", "http://127.0.0.1:4000", "LOUPE_SECRET_KEY", "sk_env"), file);
        assertThat(fromFlags.url()).hasToString("http://127.0.0.1:5000");
        assertThat(fromFlags.secretKey()).isEqualTo("sk_flag");
        assertThat(fromFlags.publicKey()).isEqualTo("pk_default");
        assertThat(fromFlags.sources()).containsEntry("url", "flag").containsEntry("secret_key", "flag");
    }

    @Test
    void theProfileIsTheFlagsElseTheEnvironmentsElseDefault() throws IOException {
        Path file = profiles();
        assertThat(Settings.resolve(new Settings.Flags(null, null, null, "prod"), Map.of("LOUPE_PROFILE", "nope"), file)
                .publicKey()).isEqualTo("pk_prod");
        assertThat(Settings.resolve(NO_FLAGS, Map.of("LOUPE_PROFILE", "prod"), file).url())
                .hasToString("https://api.example.com");
    }

    @Test
    void aNamedProfileThatIsMissingIsAUsageError() throws IOException {
        Path file = profiles();
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags(null, null, null, "staging"), Map.of(), file))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("'staging' is not in").hasMessageContaining("default, prod");
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags(null, null, null, "prod"), Map.of(),
                home.resolve("none")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void missingSettingsSayWhereToGiveThem() {
        assertThatThrownBy(() -> Settings.resolve(NO_FLAGS, Map.of(), home.resolve("none")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--url").hasMessageContaining("LOUPE_URL").hasMessageContaining("[default]");
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags("http://127.0.0.1:3000", "pk", null, null),
                Map.of(), home.resolve("none")))
                .hasMessageContaining("secret key").hasMessageContaining("LOUPE_SECRET_KEY");
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags("ftp://x", "pk", "sk", null), Map.of(),
                home.resolve("none")))
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void aBrokenProfileFileNamesItsLine() throws IOException {
        Path file = home.resolve("config");
        Files.writeString(file, "[default]\nurl http://x\n");
        assertThatThrownBy(() -> Settings.resolve(NO_FLAGS, Map.of(), file))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("line 2");
    }

    @Test
    void theProfileFileIsLoupeConfigFileElseInTheHomeFolder() {
        assertThat(Settings.configFile(Map.of(), home)).isEqualTo(home.resolve(".loupe/config"));
        assertThat(Settings.configFile(Map.of("LOUPE_CONFIG_FILE", "/tmp/x"), home)).isEqualTo(Path.of("/tmp/x"));
    }
}
