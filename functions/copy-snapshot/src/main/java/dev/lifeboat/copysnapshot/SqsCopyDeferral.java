package dev.lifeboat.copysnapshot;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link CopyDeferral} on SQS: the request is sent again with {@code DelaySeconds}, growing
 * exponentially from a base delay with full jitter up to SQS's 15-minute maximum, and the count
 * of deferrals so far in the {@value #DEFERRALS} message attribute.
 */
public final class SqsCopyDeferral implements CopyDeferral {

    static final String DEFERRALS = "lifeboatDeferrals";
    private static final int MAX_DELAY_SECONDS = 900;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final int baseDelaySeconds;

    /** {@code sqs} is asked for its client on the first deferral only: most invocations never defer. */
    public SqsCopyDeferral(Supplier<SqsClient> sqs, String queueUrl, int baseDelaySeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.baseDelaySeconds = baseDelaySeconds;
    }

    @Override
    public void defer(String body, int deferrals) {
        int delay = delaySeconds(deferrals);
        try {
            sqs.get().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).delaySeconds(delay)
                    .messageAttributes(Map.of(DEFERRALS, MessageAttributeValue.builder()
                            .dataType("Number").stringValue(Integer.toString(deferrals + 1)).build())));
        } catch (SdkException e) {
            throw new CopyFailedException("deferring the request to the copy queue failed: " + e.getMessage(), true, e);
        }
    }

    int delaySeconds(int deferrals) {
        if (baseDelaySeconds <= 0) {
            return 0;
        }
        long ceiling = Math.min(MAX_DELAY_SECONDS, (long) baseDelaySeconds << Math.min(deferrals, 10));
        // full jitter, but never less than the base: a burst spreads out instead of returning at once
        return (int) Math.max(baseDelaySeconds, ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
