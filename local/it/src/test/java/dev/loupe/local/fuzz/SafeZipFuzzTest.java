package dev.loupe.local.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.library.SafeZip;
import dev.loupe.library.ZipFileEntry;

/** The ZIP reader behind imports: any bytes are entries within the limits, or a 4xx. */
class SafeZipFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyZipReadsOrIsRefused(byte[] zip) {
        FuzzRules.parse(() -> {
            for (ZipFileEntry entry : SafeZip.read(zip)) {
                entry.name();
                entry.path();
                entry.bytes();
            }
        });
    }
}
