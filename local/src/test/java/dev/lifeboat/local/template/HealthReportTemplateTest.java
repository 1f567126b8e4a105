package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health report in template.yaml: recovery stack only, written to a private, KMS-encrypted recovery bucket, weekly with retries. */
class HealthReportTemplateTest {

    private static final Map<String, String> EMULATOR = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    private final Template template = Template.loadFrom(RepoRoot.find());
    private final LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, Map.of(), EMULATOR);

    @Test
    void healthReportAndItsBucketAreInTheRecoveryStackOnlyAndTheJobHistoryInBoth() {
        List<String> report = template.resources().keySet().stream()
                .filter(id -> id.startsWith("HealthReport") || id.startsWith("RecoveryBucket")).toList();

        assertThat(report).contains("HealthReportFunction", "HealthReportFunctionRole", "HealthReportWeeklySchedule", "RecoveryBucket")
                .allSatisfy(id -> assertThat(template.resource(id).condition()).as(id).contains("IsRecovery"));
        assertThat(template.resource("JobHistoryTable").condition()).isEmpty();
    }

    @Test
    void recoveryBucketIsPrivateVersionedAndEncryptedWithTheRecoveryKey() {
        Map<String, Object> bucket = template.resource("RecoveryBucket").properties();

        assertThat(String.valueOf(bucket.get("BucketEncryption")))
                .contains("SSEAlgorithm=aws:kms").contains("KMSMasterKeyID={Fn::GetAtt=[RecoveryKey, Arn]}").contains("BucketKeyEnabled=true");
        assertThat(map(bucket.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(map(bucket.get("PublicAccessBlockConfiguration"))).hasSize(4).allSatisfy((flag, value) -> assertThat(value).isEqualTo(true));
        assertThat(String.valueOf(template.resource("RecoveryBucketPolicy").properties().get("PolicyDocument")))
                .contains("Effect=Deny").contains("aws:SecureTransport=false");
    }

    @Test
    void healthReportWritesOnlyReportsAndReadsEverythingElseNarrowly() {
        List<Map<String, Object>> statements = statements();

        // '*' only for Describe actions, which take no resource; those that read the primary region are pinned to it
        assertThat(statements).filteredOn(statement -> "*".equals(statement.get("Resource")))
                .allSatisfy(statement -> assertThat(strings(statement.get("Action"))).allMatch(action -> action.matches("(ec2|rds):Describe\\w+")))
                .filteredOn(statement -> !"ec2:DescribeSnapshots".equals(statement.get("Action")))
                .singleElement().satisfies(statement -> assertThat(statement.get("Condition"))
                        .isEqualTo(Map.of("StringEquals", Map.of("aws:RequestedRegion", Map.of("Ref", "PrimaryRegion")))));
        assertThat(statements).filteredOn(statement -> strings(statement.get("Action")).contains("s3:PutObject"))
                .singleElement().satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::Sub", "${RecoveryBucket.Arn}/reports/*")));
    }

    @Test
    void weeklyScheduleRetriesAndItsRoleInvokesOnlyTheReport() throws Exception {
        Map<String, Object> target = map(map(recovery.resolve(template.resource("HealthReportWeeklySchedule").properties())).get("Target"));
        Map<String, Object> role = map(recovery.resolve(template.resource("HealthReportScheduleRole").properties()));

        assertThat(Json.MAPPER.readTree(String.valueOf(target.get("Input"))).path("periodDays").asInt()).isEqualTo(7);
        assertThat(target.get("Arn")).isEqualTo(recovery.arn("HealthReportFunction"));
        assertThat(target).containsKeys("RetryPolicy", "DeadLetterConfig");
        assertThat(String.valueOf(role.get("Policies"))).contains("Action=lambda:InvokeFunction, Resource=" + recovery.arn("HealthReportFunction") + "}");
    }

    @Test
    void healthReportGetsEveryVariableItNeeds() {
        Map<String, String> environment = recovery.environment(template.function("HealthReportFunction"));

        assertThat(environment).containsKeys("REPORT_BUCKET", "REPORT_KMS_KEY", "ALERT_TOPIC_ARN", "POLICY_PARAMETER", "DEFAULT_POLICY",
                "REPORT_PERIOD_DAYS", "JOB_HISTORY_TABLE", "JOB_HISTORY_REGIONS", "DRILL_TABLE", "BACKUP_VAULT");
        assertThat(environment.get("JOB_HISTORY_REGIONS").split(",")).containsExactly("us-west-2", "us-east-1");
        assertThat(environment.get("BACKUP_VAULT")).isEqualTo(recovery.parameter("RecoveryVaultName"));
        assertThat(environment.get("DEFAULT_POLICY"))
                .isEqualTo(recovery.environment(template.function("RpoMonitorFunction")).get("DEFAULT_POLICY"));
    }

    private List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        // as written: the vault's BackupVaultArn has no local value
        Map<String, Object> role = template.resource("HealthReportFunctionRole").properties();
        for (Object policy : (List<?>) role.get("Policies")) {
            ((List<?>) map(map(policy).get("PolicyDocument")).get("Statement")).forEach(statement -> statements.add(map(statement)));
        }
        return statements;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
