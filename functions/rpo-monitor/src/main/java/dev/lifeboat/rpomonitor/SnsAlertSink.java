package dev.lifeboat.rpomonitor;

import dev.lifeboat.shared.event.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@link AlertSink} on the stack's SNS alert topic. Without a topic (a local run) the message is
 * only logged. A failed publish is thrown, so the monitor leaves its claim to expire and a later
 * run sends it.
 */
public final class SnsAlertSink implements AlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(SnsAlertSink.class);

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(String subject, String message) {
        LOG.warn("ALERT {}: {}", subject, SafeText.bounded(message, 2000));
        if (sns == null || topicArn == null || topicArn.isBlank()) {
            return;
        }
        sns.publish(r -> r.topicArn(topicArn).subject(subject).message(message));
    }
}
