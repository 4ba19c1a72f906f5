package dev.loupe.local.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.library.AtomLibrary;
import dev.loupe.library.UploadMetadata;
import java.util.Optional;

/** The Atom/XML readers: a folder create's entry, and an upload's metadata part as XML (or JSON) with its type. */
class AtomXmlFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyAtomEntryParsesOrIsRefused(FuzzedDataProvider data) {
        String type = data.pickValue(new String[] {"application/atom+xml", "application/xml", "text/xml",
                "application/json", ""});
        byte[] body = data.consumeRemainingAsBytes();
        FuzzRules.parse(() -> AtomLibrary.folderNameFrom(body));
        FuzzRules.parse(() -> UploadMetadata.parse(Optional.of(type), body));
    }
}
