package dev.loupe.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Lambda's rules for a ReportBatchItemFailures response. */
class BatchItemFailuresTest {
    private static final List<String> BATCH = List.of("m1", "m2", "m3");

    @Test
    void noAnswerOrNoFailuresIsCompleteSuccess() {
        for (String answer : new String[]{null, "", "null", "{}", "{\"batchItemFailures\":null}",
                "{\"batchItemFailures\":[]}", "\"some string\""}) {
            assertThat(BatchItemFailures.read(answer, BATCH).allSucceeded()).as(String.valueOf(answer)).isTrue();
        }
    }

    @Test
    void listedItemsFailTheOthersSucceed() {
        var failures = BatchItemFailures.read("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", BATCH);
        assertThat(failures.wholeBatchFailed()).isFalse();
        assertThat(failures.failedIds()).containsExactly("m2");
    }

    @Test
    void invalidAnswersFailTheWholeBatch() {
        for (String answer : new String[]{"not json", "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
                "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}", "{\"batchItemFailures\":[{\"id\":\"m1\"}]}",
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"unknown\"}]}"}) {
            assertThat(BatchItemFailures.read(answer, BATCH).wholeBatchFailed()).as(answer).isTrue();
        }
    }
}
