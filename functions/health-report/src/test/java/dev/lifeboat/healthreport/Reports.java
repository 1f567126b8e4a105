package dev.lifeboat.healthreport;

import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.policy.PolicyCatalog;
import dev.lifeboat.shared.policy.PolicyDocument;
import dev.lifeboat.shared.policy.RetentionTiers;
import dev.lifeboat.shared.policy.StoragePrices;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import dev.lifeboat.rpomonitor.RecoveryCopy;
import dev.lifeboat.rpomonitor.ResourceReport;
import dev.lifeboat.rpomonitor.RpoEvaluation;
import dev.lifeboat.rpomonitor.TaggedResource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sample estates and reports for the rendering tests. */
final class Reports {

    static final Instant NOW = Instant.parse("2025-03-10T06:00:00Z");
    static final String HOSTILE = "arn:aws:ec2:us-east-1:123456789012:volume/<script>alert('x')</script>\"|*_[a](b)";
    static final StoragePrices PRICES = new StoragePrices(0.05, 0.0125, 0.095, 0.021, 0.05, 0.01);

    private Reports() {
    }

    static PolicyCatalog catalog(Duration rpo) {
        Policy policy = new Policy(PolicyDocument.DEFAULT_POLICY_NAME, rpo, "us-west-2", Optional.empty(), "alias/lifeboat-recovery",
                RetentionTiers.DEFAULT, 0, ZoneOffset.UTC);
        return new PolicyCatalog() {
            @Override
            public Optional<Policy> find(String name) {
                return Optional.ofNullable(policies().get(name));
            }

            @Override
            public Map<String, Policy> policies() {
                return Map.of(policy.name(), policy);
            }

            @Override
            public StoragePrices prices() {
                return PRICES;
            }
        };
    }

    static ResourceCopies resource(String source, String type, CopyRecord... copies) {
        return resource(catalog(Duration.ofHours(24)), source, type, PolicyDocument.DEFAULT_POLICY_NAME, copies);
    }

    /** A resource as the RPO monitor's own rule assesses it at {@link #NOW}: tagged in the primary region, with these copies. */
    static ResourceCopies resource(PolicyCatalog catalog, String source, String type, String policy, CopyRecord... copies) {
        List<RecoveryCopy> listed = Arrays.stream(copies).map(c -> new RecoveryCopy(source, type, "us-east-1", Optional.of(policy), c.copyId(),
                c.copyType(), c.createdAt(), true)).toList();
        ResourceReport report = new RpoEvaluation(catalog).evaluate(listed, List.of(new TaggedResource(source, type, "us-east-1", policy)), NOW)
                .getFirst();
        return new ResourceCopies(report, List.of(copies));
    }

    static CopyRecord copy(String id, Duration age, StorageClass storage, double gb) {
        String type = switch (storage) {
            case EBS_STANDARD, EBS_ARCHIVE -> "ebs-snapshot";
            case RDS_SNAPSHOT -> "rds-snapshot";
            case AURORA_SNAPSHOT -> "aurora-cluster-snapshot";
            case BACKUP_WARM, BACKUP_COLD -> "backup-recovery-point";
        };
        return new CopyRecord(id, type, NOW.minus(age), storage, gb);
    }

    static JobRecord job(Duration ago, boolean failed, String resource) {
        return new JobRecord(NOW.minus(ago), "us-east-1", "backup", failed, "EBS", resource, failed ? "AWS Backup job failed" : "",
                failed ? "Access denied <b>" : "");
    }

    /** Three resources: compliant, beyond its RPO (hostile name), and without a copy; a week of jobs. */
    static HealthReport sample() {
        return new HealthReportBuilder(catalog(Duration.ofHours(24)), new RetentionTierClassifier()).build("us-west-2", NOW, Duration.ofDays(7),
                List.of(resource("arn:aws:ec2:us-east-1:123456789012:volume/vol-0aaa", "ebs-snapshot",
                                copy("snap-1", Duration.ofHours(3), StorageClass.EBS_STANDARD, 100),
                                copy("snap-2", Duration.ofDays(40), StorageClass.EBS_ARCHIVE, 100)),
                        resource(HOSTILE, "ebs-snapshot", copy("snap-3", Duration.ofHours(30), StorageClass.EBS_STANDARD, 8)),
                        resource("arn:aws:rds:us-east-1:123456789012:db:orders", "rds-snapshot")),
                List.of(job(Duration.ofHours(5), false, "vol-0aaa"), job(Duration.ofDays(2), true, HOSTILE),
                        job(Duration.ofDays(3), false, "vol-0aaa"), job(Duration.ofDays(10), true, "vol-0aaa")),
                Optional.of(List.of(new DrillRecord("d-1", "arn:aws:rds:us-east-1:123456789012:db:orders", "rds", "default",
                        Optional.of(NOW.minus(Duration.ofDays(1))), Optional.of(NOW.minus(Duration.ofHours(23))), "SUCCEEDED",
                        java.util.OptionalLong.of(3600), ""))),
                List.of());
    }
}
