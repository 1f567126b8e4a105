package dev.lifeboat.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import dev.lifeboat.local.provision.Provisioner.Outcome;
import dev.lifeboat.local.provision.Provisioner.Provisioned;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(MotoExtension.class)
class ProvisionerTest {

    private final Template template = Template.loadFrom(RepoRoot.find());

    @Test
    void upCreatesTheLedgerTableAndBothQueuesInThePrimaryRegion(Emulator emulator) throws Exception {
        // WHEN the template's resources are created
        up(emulator, Map.of());

        // THEN the ledger table has its key, on-demand billing and TTL
        try (DynamoDbClient dynamoDb = emulator.client(DynamoDbClient.builder(), Emulator.PRIMARY)) {
            TableDescription table = dynamoDb.describeTable(b -> b.tableName("lifeboat-ledger")).table();
            assertThat(table.keySchema()).singleElement().satisfies(key -> {
                assertThat(key.attributeName()).isEqualTo("pk");
                assertThat(key.keyType()).isEqualTo(KeyType.HASH);
            });
            assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
            assertThat(dynamoDb.describeTimeToLive(b -> b.tableName("lifeboat-ledger")).timeToLiveDescription().attributeName())
                    .isEqualTo("expiresAt");
        }
        // AND the copy queue redrives to the dead-letter queue after the template's receive count
        try (SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY)) {
            String deadLetterUrl = sqs.getQueueUrl(b -> b.queueName("lifeboat-CopyDeadLetterQueue")).queueUrl();
            String copyUrl = sqs.getQueueUrl(b -> b.queueName("lifeboat-CopyQueue")).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(copyUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "360");
            var redrive = Json.MAPPER.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
            assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:lifeboat-CopyDeadLetterQueue");
            assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(6);
            assertThat(deadLetterUrl).endsWith("/123456789012/lifeboat-CopyDeadLetterQueue");
        }
    }

    @Test
    void upCreatesTheRecoveryKeyAliasInTheRecoveryRegionOnly(Emulator emulator) {
        up(emulator, Map.of());

        try (KmsClient recovery = emulator.client(KmsClient.builder(), Emulator.RECOVERY);
             KmsClient primary = emulator.client(KmsClient.builder(), Emulator.PRIMARY)) {
            assertThat(recovery.describeKey(b -> b.keyId("alias/lifeboat-recovery")).keyMetadata().keyId()).isNotBlank();
            assertThatThrownBy(() -> primary.describeKey(b -> b.keyId("alias/lifeboat-recovery"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void unconditionedResourcesAreCreatedInBothRegions(Emulator emulator) {
        up(emulator, Map.of());

        for (var region : List.of(Emulator.PRIMARY, Emulator.RECOVERY)) {
            try (SnsClient sns = emulator.client(SnsClient.builder(), region);
                 KmsClient kms = emulator.client(KmsClient.builder(), region)) {
                String topic = "arn:aws:sns:" + region.id() + ":123456789012:lifeboat-AlertTopic";
                assertThat(sns.getTopicAttributes(b -> b.topicArn(topic)).attributes()).containsEntry("DisplayName", "Lifeboat alerts");
                assertThat(kms.describeKey(b -> b.keyId("alias/lifeboat-DataKey")).keyMetadata().keyId()).isNotBlank();
            }
        }
    }

    @Test
    void parameterOverrideNamesTheRecoveryKeyAlias(Emulator emulator) {
        up(emulator, Map.of("RecoveryKeyAliasName", "alias/lifeboat-elsewhere"));

        try (KmsClient recovery = emulator.client(KmsClient.builder(), Emulator.RECOVERY)) {
            assertThat(recovery.describeKey(b -> b.keyId("alias/lifeboat-elsewhere")).keyMetadata().keyId()).isNotBlank();
        }
    }

    @Test
    void runningUpTwiceIsHarmlessAndCreatesNothingNew(Emulator emulator) {
        // GIVEN the resources were created once
        List<Provisioned> first = up(emulator, Map.of());
        assertThat(first).extracting(Provisioned::outcome).contains(Outcome.CREATED);

        // WHEN up runs again
        List<Provisioned> second = up(emulator, Map.of());

        // THEN everything it created the first time exists, and nothing is created
        assertThat(second).extracting(Provisioned::outcome).doesNotContain(Outcome.CREATED);
        assertThat(second.stream().filter(p -> p.outcome() == Outcome.EXISTS).map(Provisioned::logicalId).toList())
                .containsExactlyElementsOf(first.stream().filter(p -> p.outcome() == Outcome.CREATED).map(Provisioned::logicalId).toList());
        try (SqsClient sqs = emulator.client(SqsClient.builder(), Emulator.PRIMARY)) {
            long primaryQueues = first.stream()
                    .filter(p -> p.type().equals("AWS::SQS::Queue") && p.role() == StackRole.PRIMARY).count();
            assertThat(sqs.listQueues().queueUrls()).hasSize((int) primaryQueues);
        }
    }

    @Test
    void typesWithoutACreatorAreReportedAsSkipped(Emulator emulator) {
        List<String> lines = new ArrayList<>();

        List<Provisioned> provisioned = new Provisioner(template, Map.of(), emulator.environment(Map.of()), lines::add).up();

        assertThat(provisioned).filteredOn(p -> p.logicalId().equals("CopySnapshotFunctionRole")).singleElement()
                .satisfies(role -> {
                    assertThat(role.outcome()).isEqualTo(Outcome.SKIPPED);
                    assertThat(role.role()).isEqualTo(StackRole.PRIMARY);
                });
        assertThat(lines).contains("[primary us-east-1] CopySnapshotFunctionRole: skipped (AWS::IAM::Role)",
                "[primary us-east-1] LedgerTable lifeboat-ledger: created",
                "[recovery us-west-2] RecoveryKeyAlias alias/lifeboat-recovery: created");
        assertThat(lines).hasSameSizeAs(provisioned);
    }

    @Test
    void upRefusesToRunWithoutAnEmulatorEndpoint() {
        assertThatThrownBy(() -> new Provisioner(template, Map.of(), Map.of("AWS_REGION", "us-east-1"), line -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL is not set");
    }

    private List<Provisioned> up(Emulator emulator, Map<String, String> parameters) {
        return new Provisioner(template, parameters, emulator.environment(Map.of()), line -> { }).up();
    }
}
