package dev.lifeboat.failurealert;

import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes alerts to an SNS topic (KMS-encrypted in the template). */
public final class SnsAlertSink implements AlertSink {

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(AlertMessage message) {
        sns.publish(r -> r.topicArn(topicArn).subject(message.subject()).message(message.body()));
    }
}
