package dev.lifeboat.local.drill;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.shared.policy.LifeboatTags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The drill's small estate in the emulator: an EBS volume, an RDS PostgreSQL instance and an
 * Aurora PostgreSQL cluster in the primary region, each tagged with a Lifeboat policy; their
 * snapshots; and, in the recovery region, what restores need (a DB subnet group) and the copies
 * Lifeboat made, read back from their provenance tags.
 */
public final class DemoEstate {

    /** The kinds of resource the drill protects, with the restore workflow's name for each. */
    public enum Kind {
        EBS_VOLUME("ebs-volume", "EBS volume"),
        RDS_INSTANCE("rds-instance", "RDS PostgreSQL instance"),
        AURORA_CLUSTER("aurora-cluster", "Aurora PostgreSQL cluster");

        private final String resourceType;
        private final String description;

        Kind(String resourceType, String description) {
            this.resourceType = resourceType;
            this.description = description;
        }

        /** The restore request's {@code resourceType}. */
        public String resourceType() {
            return resourceType;
        }

        public String description() {
            return description;
        }
    }

    /** A protected resource: its kind, id and policy. */
    public record Resource(Kind kind, String id, String policy) {
    }

    /** A Lifeboat copy in the recovery region, as its tags describe it. */
    public record Copy(Kind kind, String copyId, String sourceResource, String sourceId, String policy, Instant createdAt) {
    }

    /** The names the sample restore requests in {@code events/} use, so that they apply unchanged but for the volume id. */
    public static final String RDS_INSTANCE = "orders-db";
    public static final String AURORA_CLUSTER = "payments-cluster";
    /** The DB subnet group the sample database restore requests name. */
    public static final String RECOVERY_SUBNET_GROUP = "recovery-db-subnets";

    private static final String MASTER_PASSWORD = "drill-only-not-a-secret";

    private final Ec2Client primaryEc2;
    private final RdsClient primaryRds;
    private final Ec2Client recoveryEc2;
    private final RdsClient recoveryRds;
    private final String primaryRegion;
    private final String recoveryRegion;

    public DemoEstate(Ec2Client primaryEc2, RdsClient primaryRds, String primaryRegion,
                      Ec2Client recoveryEc2, RdsClient recoveryRds, String recoveryRegion) {
        this.primaryEc2 = primaryEc2;
        this.primaryRds = primaryRds;
        this.primaryRegion = primaryRegion;
        this.recoveryEc2 = recoveryEc2;
        this.recoveryRds = recoveryRds;
        this.recoveryRegion = recoveryRegion;
    }

    /** An encrypted 8 GiB volume tagged with {@code policy}. */
    public Resource createVolume(String policy) {
        String id = primaryEc2.createVolume(r -> r.availabilityZone(primaryRegion + "a").size(8).encrypted(true).volumeType("gp3")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(ec2Tags(Map.of(LifeboatTags.POLICY, policy, "Name", "orders-data"))).build())).volumeId();
        return new Resource(Kind.EBS_VOLUME, id, policy);
    }

    /** A PostgreSQL instance named {@value #RDS_INSTANCE} tagged with {@code policy}. */
    public Resource createRdsInstance(String policy) {
        primaryRds.createDBInstance(r -> r.dbInstanceIdentifier(RDS_INSTANCE).engine("postgres").dbInstanceClass("db.t4g.medium")
                .allocatedStorage(20).masterUsername("lifeboat").masterUserPassword(MASTER_PASSWORD)
                .tags(rdsTags(Map.of(LifeboatTags.POLICY, policy))));
        return new Resource(Kind.RDS_INSTANCE, RDS_INSTANCE, policy);
    }

    /** An Aurora PostgreSQL cluster named {@value #AURORA_CLUSTER} tagged with {@code policy}. */
    public Resource createAuroraCluster(String policy) {
        primaryRds.createDBCluster(r -> r.dbClusterIdentifier(AURORA_CLUSTER).engine("aurora-postgresql")
                .masterUsername("lifeboat").masterUserPassword(MASTER_PASSWORD)
                .tags(rdsTags(Map.of(LifeboatTags.POLICY, policy))));
        return new Resource(Kind.AURORA_CLUSTER, AURORA_CLUSTER, policy);
    }

    /** The recovery VPC's DB subnet group that database restores name, as an operator prepares it before a disaster. */
    public void prepareRecoverySubnetGroup() {
        List<String> subnets = recoveryEc2.describeSubnets(r -> r.filters(Filter.builder().name("default-for-az").values("true").build()))
                .subnets().stream().map(Subnet::subnetId).toList();
        recoveryRds.createDBSubnetGroup(r -> r.dbSubnetGroupName(RECOVERY_SUBNET_GROUP).dbSubnetGroupDescription("Lifeboat restores")
                .subnetIds(subnets));
    }

    /** Takes a snapshot of the resource, named for {@code label} where the service lets the caller name it; answers its id. */
    public String snapshot(Resource resource, String label) {
        return switch (resource.kind()) {
            case EBS_VOLUME -> primaryEc2.createSnapshot(r -> r.volumeId(resource.id()).description("Lifeboat drill, " + label)).snapshotId();
            case RDS_INSTANCE -> {
                String id = resource.id() + "-" + label;
                primaryRds.createDBSnapshot(r -> r.dbInstanceIdentifier(resource.id()).dbSnapshotIdentifier(id));
                yield id;
            }
            case AURORA_CLUSTER -> {
                String id = resource.id() + "-" + label;
                primaryRds.createDBClusterSnapshot(r -> r.dbClusterIdentifier(resource.id()).dbClusterSnapshotIdentifier(id));
                yield id;
            }
        };
    }

    /** Every Lifeboat copy of the resource in the recovery region, oldest first. */
    public List<Copy> copies(Resource resource) {
        List<Copy> copies = new ArrayList<>();
        switch (resource.kind()) {
            case EBS_VOLUME -> recoveryEc2.describeSnapshotsPaginator(r -> r.ownerIds("self")
                            .filters(Filter.builder().name("tag:" + LifeboatTags.SOURCE_RESOURCE).values(resource.id()).build()))
                    .snapshots().forEach(snapshot -> {
                        Map<String, String> tags = new LinkedHashMap<>();
                        snapshot.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
                        copy(resource.kind(), snapshot.snapshotId(), tags).ifPresent(copies::add);
                    });
            case RDS_INSTANCE -> recoveryRds.describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots().forEach(snapshot -> {
                Map<String, String> tags = rdsTags(snapshot.dbSnapshotArn(), snapshot.tagList());
                if (resource.id().equals(tags.get(LifeboatTags.SOURCE_RESOURCE))) {
                    copy(resource.kind(), snapshot.dbSnapshotIdentifier(), tags).ifPresent(copies::add);
                }
            });
            case AURORA_CLUSTER -> recoveryRds.describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots()
                    .forEach(snapshot -> {
                        Map<String, String> tags = rdsTags(snapshot.dbClusterSnapshotArn(), snapshot.tagList());
                        if (resource.id().equals(tags.get(LifeboatTags.SOURCE_RESOURCE))) {
                            copy(resource.kind(), snapshot.dbClusterSnapshotIdentifier(), tags).ifPresent(copies::add);
                        }
                    });
        }
        copies.sort(java.util.Comparator.comparing(Copy::createdAt).thenComparing(Copy::copyId));
        return copies;
    }

    /**
     * Sets the copy's {@value LifeboatTags#CREATED_AT} tag: the drill's simulated days move a copy
     * back to the day its source was backed up (the emulator stamps everything with the real time).
     */
    public void backdate(Copy copy, Instant createdAt) {
        String value = createdAt.toString();
        switch (copy.kind()) {
            case EBS_VOLUME -> recoveryEc2.createTags(r -> r.resources(copy.copyId())
                    .tags(Tag.builder().key(LifeboatTags.CREATED_AT).value(value).build()));
            case RDS_INSTANCE -> recoveryRds.addTagsToResource(r -> r.resourceName(rdsArn("snapshot", copy.copyId()))
                    .tags(rdsTags(Map.of(LifeboatTags.CREATED_AT, value))));
            case AURORA_CLUSTER -> recoveryRds.addTagsToResource(r -> r.resourceName(rdsArn("cluster-snapshot", copy.copyId()))
                    .tags(rdsTags(Map.of(LifeboatTags.CREATED_AT, value))));
        }
    }

    private Map<String, String> rdsTags(String arn, List<software.amazon.awssdk.services.rds.model.Tag> listed) {
        List<software.amazon.awssdk.services.rds.model.Tag> tags = listed;
        if (tags == null || tags.isEmpty()) {
            tags = recoveryRds.listTagsForResource(r -> r.resourceName(arn)).tagList();
        }
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    private String rdsArn(String kind, String identifier) {
        return "arn:aws:rds:" + recoveryRegion + ":" + Emulator.ACCOUNT + ":" + kind + ":" + identifier;
    }

    private static Optional<Copy> copy(Kind kind, String copyId, Map<String, String> tags) {
        if (!LifeboatTags.isLifeboatCopy(tags) || !tags.containsKey(LifeboatTags.CREATED_AT)) {
            return Optional.empty();
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(tags.get(LifeboatTags.CREATED_AT));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.of(new Copy(kind, copyId, tags.getOrDefault(LifeboatTags.SOURCE_RESOURCE, ""),
                tags.getOrDefault(LifeboatTags.SOURCE_ID, ""), tags.getOrDefault(LifeboatTags.POLICY, ""), createdAt));
    }

    private static List<Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(t -> software.amazon.awssdk.services.rds.model.Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }
}
