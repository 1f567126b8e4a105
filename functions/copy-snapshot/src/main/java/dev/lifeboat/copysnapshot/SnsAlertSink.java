package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@link AlertSink} on the stack's SNS alert topic. Without a topic (local runs) the alert is
 * only logged. A failed publish is logged, not thrown: the ledger is already settled by then.
 */
public final class SnsAlertSink implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(SnsAlertSink.class);
    private static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void alert(String subject, String message) {
        String safeSubject = SafeText.bounded(subject, MAX_SUBJECT - 1);
        LOG.warn("ALERT {}: {}", safeSubject, SafeText.bounded(message, 2000));
        if (sns == null || topicArn == null || topicArn.isBlank()) {
            return;
        }
        try {
            sns.publish(r -> r.topicArn(topicArn).subject(safeSubject.replace('…', '.')).message(message));
        } catch (SdkException e) {
            LOG.error("Publishing the alert '{}' to {} failed: {}", safeSubject, topicArn, e.getMessage());
        }
    }
}
