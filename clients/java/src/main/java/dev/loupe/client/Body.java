package dev.loupe.client;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A request body that can be sent again (each attempt gets a fresh publisher), and what of it counts as progress: of
 * its {@code length} bytes, the {@code payload} bytes after the first {@code skip} are the file's (a multipart body's
 * boundaries and headers are not), reported as {@code offset + sent} of {@code total}.
 */
record Body(Supplier<BodyPublisher> publisher, String contentType, long length, long skip, long payload, long offset,
        long total, ProgressListener progress) {

    static Body json(byte[] bytes) {
        return new Body(() -> BodyPublishers.ofByteArray(bytes), "application/json", bytes.length, 0, 0, 0, 0,
                ProgressListener.NONE);
    }

    static Body bytes(byte[] bytes, String contentType, ProgressListener progress) {
        return new Body(() -> BodyPublishers.ofByteArray(bytes), contentType, bytes.length, 0, bytes.length, 0,
                bytes.length, progress);
    }

    static Body file(Path file, long size, String contentType, ProgressListener progress) {
        return new Body(() -> {
            try {
                return BodyPublishers.ofFile(file);
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        }, contentType, size, 0, size, 0, size, progress);
    }

    /** This body's bytes are the file's from {@code offset} on, of a file of {@code total} bytes. */
    Body at(long offset, long total) {
        return new Body(publisher, contentType, length, skip, payload, offset, total, progress);
    }

    /** A fresh publisher that reports progress as its buffers are taken. */
    BodyPublisher open() {
        BodyPublisher inner = publisher.get();
        if (progress == ProgressListener.NONE || length <= 0) {
            return inner;
        }
        return BodyPublishers.fromPublisher(subscriber -> inner.subscribe(new Flow.Subscriber<>() {
            private long sent;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                sent += item.remaining();
                subscriber.onNext(item);
                progress.progress(offset + Math.clamp(sent - skip, 0, payload), total);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        }), length);
    }
}
