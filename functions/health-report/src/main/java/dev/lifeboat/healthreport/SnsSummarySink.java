package dev.lifeboat.healthreport;

import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes the summary to the alert topic (KMS-encrypted in the template). */
public final class SnsSummarySink implements SummarySink {

    private final SnsClient sns;
    private final String topicArn;

    public SnsSummarySink(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(String subject, String body) {
        sns.publish(r -> r.topicArn(topicArn).subject(subject).message(body));
    }
}
