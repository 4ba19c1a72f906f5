package dev.loupe.people;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aHashVerifiesItsPasswordOnlyAndCarriesItsSaltAndCount() {
        String hash = Passwords.hash("correct horse battery");

        assertThat(hash).startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$").doesNotContain("correct");
        assertThat(Passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(Passwords.matches("correct horse batterY", hash)).isFalse();
        assertThat(Passwords.matches("correct horse battery", "md5$whatever")).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertThat(Passwords.hash("same password")).isNotEqualTo(Passwords.hash("same password"));
    }

    @Test
    void anUnknownUsersCheckDoesTheSameWorkAndFails() {
        long t0 = System.nanoTime();
        boolean nobody = Passwords.matchesNobody("guess");
        long dummy = System.nanoTime() - t0;
        String hash = Passwords.hash("x-password");
        long t1 = System.nanoTime();
        Passwords.matches("guess", hash);
        long real = System.nanoTime() - t1;

        assertThat(nobody).isFalse();
        assertThat((double) dummy / real).as("dummy %d ns, real %d ns", dummy, real).isBetween(0.3, 3.0);
    }
}
