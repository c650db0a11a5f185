package org.vdi.portal.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a body up to a cap and gives up, cancelling the stream, at the first byte
 * beyond it; see {@link CappedBody}.
 */
final class CappedSubscriber implements HttpResponse.BodySubscriber<String> {

    private final int maxBytes;
    private final long announced;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    // NOTE: the HTTP client calls onSubscribe/onNext/onComplete one after another (Flow's
    // rule of serial signals), possibly on different threads of its executor, with
    // happens-before between them; so these fields need no lock.
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /** @param announced the Content-Length of the answer, or -1 when it has none */
    CappedSubscriber(int maxBytes, long announced) {
        this.maxBytes = maxBytes;
        this.announced = announced;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (announced > maxBytes) {
            tooLarge();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return; // cancelled; the client may still deliver what it had buffered
        }
        for (ByteBuffer b : buffers) {
            if (b.remaining() > maxBytes - received.size()) {
                tooLarge();
                return;
            }
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            received.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(received.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    private void tooLarge() {
        subscription.cancel();
        body.completeExceptionally(new BodyTooLargeException(maxBytes));
    }
}
