package dev.loupe.local.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.core.http.HttpRequest;
import dev.loupe.core.http.Params;
import java.util.Map;

/** JSON bodies as parameters: the JSON itself, then the typed reads handlers make (text, booleans, bounded ints). */
class JsonParamsFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyJsonBodyParsesOrIsRefused(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] {"title", "folder_id", "skip_invalid", "limit", "tags", "x"});
        byte[] body = data.consumeRemainingAsBytes();
        HttpRequest request = HttpRequest.from(HttpEvents.post("/v1/images",
                Map.of("content-type", "application/json"), body));

        FuzzRules.parse(() -> {
            request.json();
            Params params = request.params();
            params.first(name);
            params.text(name);
            params.all(name);
            params.keyed(name);
            params.objects(name);
            params.bool(name);
            params.integer(name, 1, 1000);
        });
    }
}
