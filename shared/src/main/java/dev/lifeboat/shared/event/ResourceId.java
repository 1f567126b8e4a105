package dev.lifeboat.shared.event;

import java.util.regex.Pattern;

/**
 * Pulls a resource id out of the ARN-or-id strings AWS puts in events. AWS's own EBS examples
 * disagree on the ARN's region and account fields ({@code arn:aws:ec2::us-east-1:snapshot/…},
 * {@code arn:aws:ec2:us-east-1::snapshot/…}, or a bare {@code snap-…}), so only the part after
 * the last {@code /} is trusted, and the region and account come from the event's envelope.
 */
public final class ResourceId {

    private static final Pattern SNAPSHOT = Pattern.compile("snap-[0-9a-f]{8,32}");
    private static final Pattern VOLUME = Pattern.compile("vol-[0-9a-f]{8,32}");

    private ResourceId() {
    }

    /** The snapshot id in {@code value}; {@code path} names the field in errors. */
    public static String snapshotId(String value, String path) {
        return matching(value, path, SNAPSHOT, "an EBS snapshot id or ARN");
    }

    /** The volume id in {@code value}; {@code path} names the field in errors. */
    public static String volumeId(String value, String path) {
        return matching(value, path, VOLUME, "an EBS volume id or ARN");
    }

    private static String matching(String value, String path, Pattern pattern, String expected) {
        String id = value.substring(value.lastIndexOf('/') + 1).trim();
        if (!pattern.matcher(id).matches()) {
            throw new InvalidEventException(path, "expected " + expected + ", got '" + SafeText.bounded(value, 80) + "'");
        }
        return id;
    }
}
