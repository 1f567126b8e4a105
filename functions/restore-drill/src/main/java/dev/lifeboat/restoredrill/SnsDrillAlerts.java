package dev.lifeboat.restoredrill;

import software.amazon.awssdk.services.sns.SnsClient;

/** {@link DrillAlerts} on the SNS alert topic. */
public final class SnsDrillAlerts implements DrillAlerts {

    /** SNS takes a subject of at most 100 characters. */
    private static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsDrillAlerts(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void send(String subject, String message) {
        String bounded = subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT - 1) + "…" : subject;
        sns.publish(r -> r.topicArn(topicArn).subject(bounded.replaceAll("[^\\x20-\\x7e]", "-")).message(message));
    }
}
