package dev.loupe.functions.galleries;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.loupe.core.config.Env;
import dev.loupe.gallery.GallerySearch;
import dev.loupe.gallery.GalleryStore;
import dev.loupe.gallery.GalleryWordIndex;
import dev.loupe.core.dynamo.DynamoDbClients;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GalleriesTable's stream: keeps the word index of listed galleries' titles (search) in step, one record at a time,
 * in order. A record that fails stops the batch there and is reported (ReportBatchItemFailures): Lambda delivers the
 * batch again from it, so a gallery's later changes are never applied before an earlier one. Applying a record twice
 * changes nothing ({@link GallerySearch#index}).
 */
public final class IndexGallerySearch implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final GallerySearch search;

    public IndexGallerySearch() {
        this(Holder.SEARCH);
    }

    IndexGallerySearch(GallerySearch search) {
        this.search = search;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        int put = 0;
        int deleted = 0;
        int stale = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            var data = record.getDynamodb();
            try {
                var applied = search.index(new GallerySearch.Change(sdk(data.getOldImage()), sdk(data.getNewImage())));
                put += applied.put();
                deleted += applied.deleted();
                stale += applied.stale();
            } catch (RuntimeException e) {
                log(context, "ERROR record " + data.getSequenceNumber() + " failed; it and the rest of the batch "
                        + "come again: " + e);
                return new StreamsEventResponse(List.of(
                        new StreamsEventResponse.BatchItemFailure(data.getSequenceNumber())));
            }
        }
        log(context, "search index: " + records.size() + " record(s), " + put + " entries written, " + deleted
                + " deleted, " + stale + " left to a newer version");
        return new StreamsEventResponse(List.of());
    }

    /**
     * The Lambda event's attribute values in the SDK's form, which the table's schema reads. (The events library's
     * own converter, aws-lambda-java-events-sdk-transformer, is one more dependency for these few lines.)
     */
    static Map<String, AttributeValue> sdk(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb
            .AttributeValue> image) {
        if (image == null) {
            return Map.of();
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, sdk(value)));
        return converted;
    }

    private static AttributeValue sdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) return AttributeValue.fromS(v.getS());
        if (v.getN() != null) return AttributeValue.fromN(v.getN());
        if (v.getB() != null) return AttributeValue.fromB(bytes(v.getB()));
        if (v.getBOOL() != null) return AttributeValue.fromBool(v.getBOOL());
        if (v.getSS() != null) return AttributeValue.fromSs(v.getSS());
        if (v.getNS() != null) return AttributeValue.fromNs(v.getNS());
        if (v.getBS() != null) return AttributeValue.fromBs(v.getBS().stream().map(IndexGallerySearch::bytes).toList());
        if (v.getM() != null) return AttributeValue.fromM(sdk(v.getM()));
        if (v.getL() != null) {
            List<AttributeValue> list = new ArrayList<>();
            v.getL().forEach(item -> list.add(sdk(item)));
            return AttributeValue.fromL(list);
        }
        return AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        return SdkBytes.fromByteBuffer(buffer.asReadOnlyBuffer());
    }

    private static void log(Context context, String line) {
        if (context != null) {
            context.getLogger().log(line);
        } else {
            System.out.println(line);
        }
    }

    private static final class Holder {
        static final GallerySearch SEARCH = new GallerySearch(
                new GalleryStore(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()),
                new GalleryWordIndex(DynamoDbClients.client(), Env.GALLERIES_TABLE.required()));
    }
}
