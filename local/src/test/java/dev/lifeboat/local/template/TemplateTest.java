package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Path HERE = Path.of(".");

    @Test
    void shortFormTagsBecomeTheLongFormsCloudFormationExpandsThemTo() {
        // GIVEN a property written with every short form
        Template template = Template.parse("""
                Resources:
                  Thing:
                    Type: Test::Thing
                    Properties:
                      Ref: !Ref Param
                      GetAttDotted: !GetAtt Db.Endpoint.Address
                      GetAttList: !GetAtt [Queue, Arn]
                      Sub: !Sub 'x-${AWS::Region}'
                      SubList: !Sub ['${A}', {A: !Ref Param}]
                      Join: !Join [',', [a, b]]
                      If: !If [Cond, yes-value, no-value]
                      Equals: !Equals [a, b]
                      Not: !Not [!Condition Cond]
                      And: !And [!Condition A, !Condition B]
                      Or: !Or [!Condition A, !Condition B]
                      Select: !Select [0, !Split [',', 'a,b']]
                      FindInMap: !FindInMap [Map, Top, Second]
                      Base64: !Base64 text
                      ImportValue: !ImportValue exported
                      GetAZs: !GetAZs ''
                """, HERE);

        // WHEN its properties are read
        Map<String, Object> properties = template.resource("Thing").properties();

        // THEN each is the long form, nothing lost
        assertThat(properties.get("Ref")).isEqualTo(Map.of("Ref", "Param"));
        assertThat(properties.get("GetAttDotted")).isEqualTo(Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")));
        assertThat(properties.get("GetAttList")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(properties.get("Sub")).isEqualTo(Map.of("Fn::Sub", "x-${AWS::Region}"));
        assertThat(properties.get("SubList")).isEqualTo(Map.of("Fn::Sub", List.of("${A}", Map.of("A", Map.of("Ref", "Param")))));
        assertThat(properties.get("Join")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", "b"))));
        assertThat(properties.get("If")).isEqualTo(Map.of("Fn::If", List.of("Cond", "yes-value", "no-value")));
        assertThat(properties.get("Equals")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
        assertThat(properties.get("Not")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "Cond"))));
        assertThat(properties.get("And")).isEqualTo(Map.of("Fn::And", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))));
        assertThat(properties.get("Or")).isEqualTo(Map.of("Fn::Or", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))));
        assertThat(properties.get("Select")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "a,b")))));
        assertThat(properties.get("FindInMap")).isEqualTo(Map.of("Fn::FindInMap", List.of("Map", "Top", "Second")));
        assertThat(properties.get("Base64")).isEqualTo(Map.of("Fn::Base64", "text"));
        assertThat(properties.get("ImportValue")).isEqualTo(Map.of("Fn::ImportValue", "exported"));
        assertThat(properties.get("GetAZs")).isEqualTo(Map.of("Fn::GetAZs", ""));
    }

    @Test
    void unquotedDateStaysTextAsCloudFormationReadsIt() {
        Template template = Template.parse("""
                Resources:
                  Policy:
                    Type: Test::Policy
                    Properties:
                      Version: 2012-10-17
                """, HERE);

        assertThat(template.resource("Policy").properties().get("Version")).isEqualTo("2012-10-17");
    }

    @Test
    void realTemplateExposesParametersConditionsAndTheCopyFunction() {
        // WHEN the repository's template is loaded
        Template template = Template.loadFrom(RepoRoot.find());

        // THEN its parameters carry their defaults, and its function carries Globals and its own settings
        assertThat(template.parameters().get("RecoveryRegion").defaultValue()).contains("us-west-2");
        assertThat(template.parameters().get("Role").defaultValue()).isEmpty();
        assertThat(template.conditions()).containsKeys("IsPrimary", "IsRecovery");
        assertThat(template.resource("LedgerTable").condition()).contains("IsPrimary");
        ServerlessFunction copy = template.function("CopySnapshotFunction");
        assertThat(copy.handler()).isEqualTo("dev.lifeboat.copysnapshot.CopySnapshotHandler::handleRequest");
        assertThat(copy.codeUri()).isEqualTo("functions/copy-snapshot/target/copy-snapshot.jar");
        assertThat(copy.environment()).containsKeys("POWERTOOLS_METRICS_NAMESPACE", "LEDGER_TABLE", "DEFAULT_POLICY");
        assertThat(copy.properties().get("Timeout")).isEqualTo(60);
        assertThat(copy.eventSource("SQS")).hasValueSatisfying(sqs ->
                assertThat(sqs.properties().get("Queue")).isEqualTo(Map.of("Fn::GetAtt", List.of("CopyQueue", "Arn"))));
    }

    @Test
    void oneParameterNamesTheRecoveryVaultForTheVaultItsCopiesAndItsReaders() {
        // GIVEN both stacks with a non-default vault name
        Template template = Template.loadFrom(RepoRoot.find());
        Map<String, String> parameters = Map.of("RecoveryVaultName", "dr-vault");
        Map<String, String> emulator = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
        LocalNames primary = new LocalNames(template, StackRole.PRIMARY, parameters, emulator);
        LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, parameters, emulator);

        // WHEN the vault, the copy function, the restore workflow's resolver and the RPO monitor are resolved
        Object vaultName = recovery.resolve(template.resource("RecoveryBackupVault").properties()) instanceof Map<?, ?> vault
                ? vault.get("BackupVaultName") : null;
        String resolverRole = String.valueOf(recovery.resolve(template.resource("ResolveRecoveryPointFunctionRole").properties()));

        // THEN every one names the vault the recovery stack creates, and no second vault-name parameter exists
        assertThat(vaultName).isEqualTo("dr-vault");
        assertThat(primary.environment(template.function("CopySnapshotFunction"))).containsEntry("RECOVERY_VAULT_NAME", "dr-vault");
        assertThat(recovery.environment(template.function("ResolveRecoveryPointFunction"))).containsEntry("BACKUP_VAULT", "dr-vault");
        assertThat(recovery.environment(template.function("RpoMonitorFunction"))).containsEntry("RECOVERY_VAULT_NAME", "dr-vault");
        assertThat(recovery.environment(template.function("HealthReportFunction"))).containsEntry("BACKUP_VAULT", "dr-vault");
        assertThat(resolverRole).contains(":backup-vault:dr-vault").doesNotContain(":backup-vault:lifeboat-recovery");
        assertThat(template.parameters().keySet().stream().filter(name -> name.contains("Vault"))).containsExactly("RecoveryVaultName");
    }

    @Test
    void functionsOwnVariablesWinOverGlobalOnes() {
        Template template = Template.parse("""
                Globals:
                  Function:
                    Timeout: 10
                    Environment:
                      Variables: {A: global, B: global}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                      CodeUri: y.jar
                      Timeout: 20
                      Environment:
                        Variables: {B: own, C: own}
                """, HERE);

        ServerlessFunction function = template.function("Fn");

        assertThat(function.environment()).containsExactlyInAnyOrderEntriesOf(Map.of("A", "global", "B", "own", "C", "own"));
        assertThat(function.properties().get("Timeout")).isEqualTo(20);
    }
}
