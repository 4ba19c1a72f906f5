package dev.loupe.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.loupe.auth.Project;
import dev.loupe.auth.testing.TestProject;
import dev.loupe.core.http.ApiError;
import org.junit.jupiter.api.Test;

class ProjectAdministrationTest {
    static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    final FakeProjects projects = new FakeProjects().with(TestProject.PROJECT);
    final List<ProjectPurge.Message> purges = new ArrayList<>();
    final ProjectAdministration administration = new ProjectAdministration(projects, purges::add,
            Clock.fixed(NOW, ZoneOffset.UTC));

    static ProjectAdministration.Settings nothing() {
        return new ProjectAdministration.Settings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aRotationKeepsTheOldKeyAsThePreviousOneUntilTheGracePeriodEnds() {
        var rotated = administration.rotate(TestProject.PROJECT.publicKey(), Duration.ofHours(1)).project();

        assertThat(rotated.secretKey()).startsWith("secret_key_").isNotEqualTo(TestProject.PROJECT.secretKey());
        assertThat(rotated.previousKey().secretKey()).isEqualTo(TestProject.PROJECT.secretKey());
        assertThat(rotated.previousKey().until()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(projects.findLatest(rotated.publicKey()).orElseThrow().project()).isEqualTo(rotated);
    }

    @Test
    void settingsChangeOnlyWhatIsGivenAndAnEmptyListClearsOne() {
        projects.with(TestProject.PROJECT.withFilters(List.of("https://a.example"), List.of("10.0.0.0/8")));
        var changed = administration.update(TestProject.PROJECT.publicKey(), new ProjectAdministration.Settings(
                Optional.of("renamed"), Optional.of(List.of()), Optional.empty(), Optional.of(10),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(40))).project();

        assertThat(changed.name()).isEqualTo("renamed");
        assertThat(changed.allowedOrigins()).isEmpty();
        assertThat(changed.allowedIpRanges()).containsExactly("10.0.0.0/8");
        assertThat(changed.rateLimit()).isEqualTo(10);
        assertThat(changed.monthlyFiles()).isEqualTo(40);
        assertThat(changed.secretKey()).isEqualTo(TestProject.PROJECT.secretKey());
    }

    @Test
    void thePeopleFlagsAreSettingsLikeTheOthers() {
        var on = administration.update(TestProject.PROJECT.publicKey(), new ProjectAdministration.Settings(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(true), Optional.of(true), Optional.empty())).project();
        assertThat(on.selfSignup()).isTrue();
        assertThat(on.requireVerifiedEmail()).isTrue();

        var half = administration.update(TestProject.PROJECT.publicKey(), new ProjectAdministration.Settings(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(false), Optional.empty(), Optional.empty())).project();
        assertThat(half.selfSignup()).isFalse();
        assertThat(half.requireVerifiedEmail()).as("left as it was").isTrue();
    }

    @Test
    void aChangeRacingARotationIsRefusedRatherThanUndoingIt() {
        FakeProjects racing = new FakeProjects() {
            @Override
            public boolean replace(Project before, Project changed, Instant createdAt) {
                return false;
            }
        };
        racing.with(TestProject.PROJECT);
        var error = catchThrowableOfType(ApiError.class, () -> new ProjectAdministration(racing, m -> { },
                Clock.systemUTC()).update(TestProject.PROJECT.publicKey(), nothing()));
        assertThat(error.status()).isEqualTo(409);
    }

    @Test
    void aDeleteRemovesTheProjectAndQueuesThePurgeOfItsData() {
        administration.delete(TestProject.PROJECT.publicKey());

        assertThat(projects.items).isEmpty();
        assertThat(purges).containsExactly(ProjectPurge.Message.start(TestProject.PROJECT.projectId()));
    }

    @Test
    void aNewProjectHasFreshKeysAndItsSettings() {
        var created = administration.create(new ProjectAdministration.Settings(Optional.of("Acme"), Optional.empty(),
                Optional.of(List.of("2001:db8::/32")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));

        assertThat(created.project().publicKey()).startsWith("project_public_");
        assertThat(created.project().allowedIpRanges()).containsExactly("2001:db8::/32");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(projects.items).containsKey(created.project().publicKey());
    }
}
