package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZipNamesTest {

    @Test
    void aNameNeverLeavesTheFolderItIsUnzippedInto() {
        assertThat(ZipNames.safe("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(ZipNames.safe("..\\..\\boot.ini")).isEqualTo("_.._boot.ini");
        assertThat(ZipNames.safe("C:photo.jpg")).isEqualTo("C_photo.jpg");
        assertThat(ZipNames.safe("/absolute.png")).isEqualTo("_absolute.png");
        assertThat(ZipNames.safe("..")).isEqualTo("image");
        assertThat(ZipNames.safe("  ")).isEqualTo("image");
        assertThat(ZipNames.safe(".hidden.jpg")).isEqualTo("hidden.jpg");
    }

    @Test
    void controlAndInvisibleCharactersAndWindowsTrapsAreDefused() {
        assertThat(ZipNames.safe("bell\u0007.jpg")).isEqualTo("bell_.jpg");
        // A right-to-left override would show "evil\u202Egpj.exe" as "evilexe.jpg".
        assertThat(ZipNames.safe("evil\u202Egpj.exe")).isEqualTo("evil_gpj.exe");
        assertThat(ZipNames.safe("what?<now>|\"x\"*.gif")).isEqualTo("what__now___x__.gif");
        assertThat(ZipNames.safe("CON.jpg")).isEqualTo("_CON.jpg");
        assertThat(ZipNames.safe("lpt1")).isEqualTo("_lpt1");
        assertThat(ZipNames.safe("name. . ")).isEqualTo("name");
        assertThat(ZipNames.safe("Ünïcødé 東京.jpg")).isEqualTo("Ünïcødé 東京.jpg");
    }

    @Test
    void longNamesAreCutKeepingTheirExtension() {
        String cut = ZipNames.safe("😀".repeat(300) + ".jpeg");
        assertThat(cut).endsWith("😀.jpeg");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(200);
    }

    @Test
    void namesAreUniqueWithoutRegardToCase() {
        ZipNames names = new ZipNames();
        assertThat(names.unique("a.jpg")).isEqualTo("a.jpg");
        assertThat(names.unique("A.JPG")).isEqualTo("A (2).JPG");
        assertThat(names.unique("a.jpg")).isEqualTo("a (3).jpg");
        assertThat(names.unique("a (2).jpg")).isEqualTo("a (2) (2).jpg");
        assertThat(names.unique("README")).isEqualTo("README");
        assertThat(names.unique("readme")).isEqualTo("readme (2)");
    }
}
