package dev.lifeboat.shared.policy;

import java.util.Map;

/**
 * The tags Lifeboat reads and writes. A resource opts in with {@link #POLICY}; every copy carries
 * the provenance tags, so that restore, retention and the RPO monitor work from the recovery
 * region alone.
 */
public final class LifeboatTags {

    public static final String POLICY = "lifeboat:policy";
    public static final String MANAGED = "lifeboat:managed";
    public static final String SOURCE_ARN = "lifeboat:source-arn";
    public static final String SOURCE_REGION = "lifeboat:source-region";
    public static final String SOURCE_ACCOUNT = "lifeboat:source-account";
    public static final String SOURCE_ID = "lifeboat:source-id";
    public static final String SOURCE_RESOURCE = "lifeboat:source-resource";
    public static final String RESOURCE_TYPE = "lifeboat:resource-type";
    public static final String CREATED_AT = "lifeboat:created-at";
    public static final String LEGAL_HOLD = "lifeboat:legal-hold";
    /** On a restored resource: the restore workflow execution that created it. */
    public static final String RESTORED_BY = "lifeboat:restored-by";
    /** On a restored resource: the copy (snapshot, recovery point) it was restored from. */
    public static final String RESTORED_FROM = "lifeboat:restored-from";

    /** AWS allows 50 user tags on an EC2 or RDS resource. */
    public static final int MAX_TAGS = 50;

    private LifeboatTags() {
    }

    /** True when the tags mark a copy Lifeboat made: such a resource is never copied again. */
    public static boolean isLifeboatCopy(Map<String, String> tags) {
        return "true".equals(tags.get(MANAGED));
    }
}
