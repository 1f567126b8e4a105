package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalNamesTest {

    private static final Map<String, String> EMULATOR = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    private final Template template = Template.loadFrom(RepoRoot.find());
    private final LocalNames primary = new LocalNames(template, StackRole.PRIMARY, Map.of(), EMULATOR);
    private final LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, Map.of(), EMULATOR);

    @Test
    void copyFunctionsLedgerTableIsTheTablesLocalName() {
        Map<String, String> environment = primary.environment(template.function("CopySnapshotFunction"));

        assertThat(environment).containsEntry("LEDGER_TABLE", "lifeboat-ledger")
                .containsEntry("POLICY_PARAMETER", "/lifeboat/policies")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Lifeboat");
    }

    @Test
    void defaultPolicyIsJsonBuiltFromTheParameterDefaults() throws Exception {
        // WHEN the copy function's DEFAULT_POLICY (a Fn::Sub of parameters) is resolved
        String policy = primary.environment(template.function("CopySnapshotFunction")).get("DEFAULT_POLICY");

        // THEN it parses as JSON carrying the defaults
        JsonNode json = Json.MAPPER.readTree(policy);
        assertThat(json.path("recoveryRegion").asText()).isEqualTo("us-west-2");
        assertThat(json.path("rpoHours").asInt()).isEqualTo(24);
        assertThat(json.path("recoveryKmsKey").asText()).isEqualTo("alias/lifeboat-recovery");
        assertThat(json.path("recoveryAccount").asText()).isEmpty();
        assertThat(json.path("retention").path("weekly").asInt()).isEqualTo(4);
    }

    @Test
    void parameterOverrideChangesTheDefaultPolicyAndTheRecoveryRegion() throws Exception {
        // GIVEN RecoveryRegion overridden
        Map<String, String> overrides = Map.of("RecoveryRegion", "eu-west-1", "DefaultRpoHours", "6");

        // WHEN the policy and the recovery stack's region are resolved
        String policy = new LocalNames(template, StackRole.PRIMARY, overrides, EMULATOR)
                .environment(template.function("CopySnapshotFunction")).get("DEFAULT_POLICY");
        LocalNames overriddenRecovery = new LocalNames(template, StackRole.RECOVERY, overrides, EMULATOR);

        // THEN both follow the override
        assertThat(Json.MAPPER.readTree(policy).path("recoveryRegion").asText()).isEqualTo("eu-west-1");
        assertThat(Json.MAPPER.readTree(policy).path("rpoHours").asInt()).isEqualTo(6);
        assertThat(overriddenRecovery.region()).isEqualTo("eu-west-1");
        assertThat(overriddenRecovery.arn("RecoveryKey")).isEqualTo("arn:aws:kms:eu-west-1:123456789012:alias/lifeboat-RecoveryKey");
    }

    @Test
    void rolesDecideConditionsAndRegions() {
        assertThat(primary.region()).isEqualTo("us-east-1");
        assertThat(primary.condition("IsPrimary")).isTrue();
        assertThat(primary.condition("IsRecovery")).isFalse();
        assertThat(recovery.region()).isEqualTo("us-west-2");
        assertThat(recovery.condition("IsRecovery")).isTrue();
        assertThat(primary.condition("HasAlertEmail")).isFalse();
        assertThat(new LocalNames(template, StackRole.PRIMARY, Map.of("AlertEmail", "ops@example.com"), EMULATOR)
                .condition("HasAlertEmail")).isTrue();
        assertThat(new LocalNames(template, StackRole.PRIMARY, Map.of(), Map.of("AWS_REGION", "eu-central-1")).region())
                .isEqualTo("eu-central-1");
    }

    @Test
    void refsGiveEachTypesLocalIdentifier() {
        assertThat(primary.ref("LedgerTable")).isEqualTo("lifeboat-ledger");
        assertThat(primary.ref("CopyQueue")).isEqualTo("http://127.0.0.1:5000/123456789012/lifeboat-CopyQueue");
        assertThat(primary.ref("AlertTopic")).isEqualTo("arn:aws:sns:us-east-1:123456789012:lifeboat-AlertTopic");
        assertThat(recovery.ref("AlertTopic")).isEqualTo("arn:aws:sns:us-west-2:123456789012:lifeboat-AlertTopic");
        assertThat(primary.ref("DataKey")).isEqualTo("alias/lifeboat-DataKey");
        assertThat(primary.ref("DataKeyAlias")).isEqualTo("alias/lifeboat-data-primary");
        assertThat(recovery.ref("DataKeyAlias")).isEqualTo("alias/lifeboat-data-recovery");
        assertThat(recovery.ref("RecoveryKeyAlias")).isEqualTo("alias/lifeboat-recovery");
        assertThat(primary.ref("CopySnapshotFunctionLogGroup")).isEqualTo("/aws/lambda/lifeboat-copy-snapshot");
        assertThat(primary.ref("CopySnapshotFunction")).isEqualTo("lifeboat-copy-snapshot");
        assertThat(primary.ref("CopySnapshotFunctionRole")).isEqualTo("lifeboat-CopySnapshotFunctionRole");
        assertThat(primary.ref("RecoveryRegion")).isEqualTo("us-west-2");
        assertThat(primary.ref("AWS::AccountId")).isEqualTo("123456789012");
    }

    @Test
    void getAttsGiveArnsAndNamesInTheStacksRegion() {
        assertThat(primary.resolve(Map.of("Fn::GetAtt", List.of("CopyDeadLetterQueue", "Arn"))))
                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:lifeboat-CopyDeadLetterQueue");
        assertThat(primary.resolve(Map.of("Fn::GetAtt", List.of("CopyDeadLetterQueue", "QueueName")))).isEqualTo("lifeboat-CopyDeadLetterQueue");
        assertThat(primary.resolve(Map.of("Fn::GetAtt", "CopyQueue.QueueUrl"))).isEqualTo("http://127.0.0.1:5000/123456789012/lifeboat-CopyQueue");
        assertThat(primary.arn("LedgerTable")).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/lifeboat-ledger");
        assertThat(primary.arn("DataKey")).isEqualTo("arn:aws:kms:us-east-1:123456789012:alias/lifeboat-DataKey");
        assertThat(recovery.arn("RecoveryKey")).isEqualTo("arn:aws:kms:us-west-2:123456789012:alias/lifeboat-RecoveryKey");
        assertThat(primary.arn("CopySnapshotFunction")).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:lifeboat-copy-snapshot");
        assertThat(primary.arn("CopySnapshotFunctionRole")).isEqualTo("arn:aws:iam::123456789012:role/lifeboat-CopySnapshotFunctionRole");
        assertThat(primary.arn("CopySnapshotFunctionLogGroup"))
                .isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/lifeboat-copy-snapshot:*");
    }

    @Test
    void redrivePolicyResolvesToTheDeadLetterQueuesArnAndTheReceiveCount() {
        Object redrive = primary.resolve(template.resource("CopyQueue").properties().get("RedrivePolicy"));

        assertThat(redrive).isEqualTo(Map.of(
                "deadLetterTargetArn", "arn:aws:sqs:us-east-1:123456789012:lifeboat-CopyDeadLetterQueue",
                "maxReceiveCount", "6"));
    }

    @Test
    void subResolvesPseudoParametersParametersAndAttributes() {
        assertThat(primary.resolve(Map.of("Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${PolicyParameterName}")))
                .isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/lifeboat/policies");
        assertThat(primary.resolve(Map.of("Fn::Sub", "${CopyQueue.QueueName} in ${AWS::StackName}, ${!Literal}")))
                .isEqualTo("lifeboat-CopyQueue in lifeboat, ${Literal}");
        assertThat(primary.resolve(Map.of("Fn::Sub", List.of("${Name}-${AWS::URLSuffix}", Map.of("Name", Map.of("Ref", "LedgerTable"))))))
                .isEqualTo("lifeboat-ledger-amazonaws.com");
    }

    @Test
    void joinSelectSplitAndIfEvaluate() {
        assertThat(primary.resolve(Map.of("Fn::Join", List.of("/", List.of("a", Map.of("Ref", "AWS::Region"))))))
                .isEqualTo("a/us-east-1");
        assertThat(primary.resolve(Map.of("Fn::Select", List.of("1", Map.of("Fn::Split", List.of(",", "x,y,z"))))))
                .isEqualTo("y");
        assertThat(primary.resolve(Map.of("Fn::If", List.of("IsPrimary", "first", "second")))).isEqualTo("first");
        assertThat(recovery.resolve(Map.of(
                "Kept", "value",
                "Dropped", Map.of("Fn::If", List.of("IsPrimary", "first", Map.of("Ref", "AWS::NoValue"))))))
                .isEqualTo(Map.of("Kept", "value"));
    }

    @Test
    void unknownRefFailsNamingIt() {
        assertThatThrownBy(() -> primary.resolve(Map.of("Ref", "NoSuchThing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'NoSuchThing'");
    }

    @Test
    void attributeWithoutALocalValueFailsNamingIt() {
        assertThatThrownBy(() -> primary.resolve(Map.of("Fn::GetAtt", List.of("LedgerTable", "StreamArn"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LedgerTable.StreamArn");
    }

    @Test
    void resourceOfTheOtherStackCannotBeReferenced() {
        assertThatThrownBy(() -> primary.ref("RecoveryKey"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RecoveryKey is not in the primary stack");
    }

    @Test
    void unknownParameterOverrideIsRejected() {
        assertThatThrownBy(() -> new LocalNames(template, StackRole.PRIMARY, Map.of("RecoveryRegon", "eu-west-1"), EMULATOR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown parameter 'RecoveryRegon'");
    }

    @Test
    void bucketsAreNamedInLowerCaseWithTheAccount() {
        Template withBucket = Template.parse("""
                Resources:
                  ReportBucket: {Type: AWS::S3::Bucket}
                """, Path.of("."));

        LocalNames names = new LocalNames(withBucket, StackRole.RECOVERY, Map.of(), EMULATOR);

        assertThat(names.ref("ReportBucket")).isEqualTo("lifeboat-reportbucket-123456789012");
        assertThat(names.arn("ReportBucket")).isEqualTo("arn:aws:s3:::lifeboat-reportbucket-123456789012");
    }
}
