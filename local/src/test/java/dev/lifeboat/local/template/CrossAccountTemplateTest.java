package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-account copies in template.yaml: the primary account's copy function shares snapshots with
 * the recovery account only, and assumes exactly one role there; that role copies the shared
 * snapshots in with the recovery key; the recovery stack's completion and poll functions settle
 * copies in the primary account's ledger, which lets in those two roles only. Each statement is
 * read as CloudFormation would deploy it, with the accounts set and unset.
 */
class CrossAccountTemplateTest {

    private static final String PRIMARY_ACCOUNT = "111122223333";
    private static final String RECOVERY_ACCOUNT = "222233334444";
    private static final Map<String, String> EMULATOR = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");

    private final Template template = Template.loadFrom(RepoRoot.find());

    private LocalNames primary(Map<String, String> parameters) {
        return new LocalNames(template, StackRole.PRIMARY, parameters, EMULATOR);
    }

    private LocalNames recovery(Map<String, String> parameters) {
        return new LocalNames(template, StackRole.RECOVERY, parameters, EMULATOR);
    }

    @Test
    void copyFunctionAssumesExactlyTheRecoveryAccountsCopyRoleAndNothingElse() {
        // GIVEN a primary stack with a recovery account
        LocalNames stack = primary(Map.of("RecoveryAccount", RECOVERY_ACCOUNT));

        // WHEN the copy function's role statements are read
        List<Map<String, Object>> assumes = withAction(roleStatements(stack, "CopySnapshotFunctionRole"), "sts:AssumeRole");

        // THEN one statement assumes one role, named by the parameter, in the recovery account: no wildcard
        assertThat(assumes).singleElement().satisfies(statement ->
                assertThat(statement.get("Resource")).isEqualTo("arn:aws:iam::" + RECOVERY_ACCOUNT + ":role/lifeboat-recovery-copy"));
    }

    @Test
    void withoutARecoveryAccountTheCopyFunctionCanNeitherShareNorAssume() {
        // GIVEN a primary stack with no recovery account (the default)
        List<Map<String, Object>> statements = roleStatements(primary(Map.of()), "CopySnapshotFunctionRole");

        // THEN no statement shares a snapshot, assumes a role or looks at keys for sharing
        assertThat(withAction(statements, "sts:AssumeRole")).isEmpty();
        assertThat(withAction(statements, "ec2:ModifySnapshotAttribute")).isEmpty();
        assertThat(withAction(statements, "rds:ModifyDBSnapshotAttribute")).isEmpty();
        assertThat(withAction(statements, "rds:ModifyDBClusterSnapshotAttribute")).isEmpty();
        assertThat(withAction(statements, "kms:DescribeKey")).as("DescribeKey outside EC2's and RDS's use of a key")
                .allSatisfy(statement -> assertThat(String.valueOf(statement.get("Condition"))).contains("kms:ViaService"));
    }

    @Test
    void ebsSnapshotsCanBeSharedWithTheRecoveryAccountOnly() {
        List<Map<String, Object>> statements = roleStatements(primary(Map.of("RecoveryAccount", RECOVERY_ACCOUNT)), "CopySnapshotFunctionRole");

        assertThat(withAction(statements, "ec2:ModifySnapshotAttribute")).singleElement().satisfies(statement -> {
            assertThat(statement.get("Resource")).isEqualTo("arn:aws:ec2:us-east-1::snapshot/*");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("ec2:Add/userId", RECOVERY_ACCOUNT)));
        });
    }

    @Test
    void rdsSnapshotsCanBeSharedOnlyInThisRegionAndAccountAndOnlyStandInsOrTaggedOnes() {
        List<Map<String, Object>> statements = roleStatements(primary(Map.of("RecoveryAccount", RECOVERY_ACCOUNT)), "CopySnapshotFunctionRole");

        List<Map<String, Object>> shares = new ArrayList<>(withAction(statements, "rds:ModifyDBSnapshotAttribute"));
        withAction(statements, "rds:ModifyDBClusterSnapshotAttribute").stream().filter(s -> !shares.contains(s)).forEach(shares::add);

        assertThat(shares).isNotEmpty().allSatisfy(statement -> {
            List<String> resources = strings(statement.get("Resource"));
            assertThat(resources).allSatisfy(arn -> assertThat(arn).startsWith("arn:aws:rds:us-east-1:123456789012:"));
            boolean standInsOnly = resources.stream().allMatch(arn -> arn.endsWith(":lifeboat-share-*"));
            boolean taggedOnly = Map.of("Null", Map.of("aws:ResourceTag/lifeboat:policy", "false")).equals(statement.get("Condition"));
            assertThat(standInsOnly || taggedOnly).as("%s is limited to lifeboat-share-* or to tagged snapshots", statement).isTrue();
        });
    }

    @Test
    void recoveryCopyRoleIsTrustedByThePrimaryAccountsCopyFunctionRoleOnly() {
        // GIVEN a recovery stack for another account
        LocalNames stack = recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT));
        assertThat(stack.deploys(template.resource("RecoveryCopyRole"))).isTrue();

        // WHEN its trust policy is read
        Map<String, Object> role = properties(stack, "RecoveryCopyRole");
        List<Map<String, Object>> trust = statements(map(role.get("AssumeRolePolicyDocument")));

        // THEN only the primary account's copy function role may assume it
        assertThat(trust).singleElement().satisfies(statement -> {
            assertThat(statement.get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::" + PRIMARY_ACCOUNT + ":root"));
            assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("ArnLike",
                    Map.of("aws:PrincipalArn", "arn:aws:iam::" + PRIMARY_ACCOUNT + ":role/*CopySnapshotFunctionRole*")));
        });
        // and that pattern names a role of this template: the copy function's
        assertThat(template.resources()).containsKey("CopySnapshotFunctionRole");
        assertThat(template.function("CopySnapshotFunction").properties().get("Role"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("CopySnapshotFunctionRole", "Arn")));
    }

    @Test
    void recoveryCopyRoleDecryptsThePrimaryAccountsKeysOnlyThroughEc2AndRds() {
        List<Map<String, Object>> statements = roleStatements(recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT)), "RecoveryCopyRole");

        List<Map<String, Object>> primaryKeys = statements.stream()
                .filter(statement -> strings(statement.get("Resource")).stream().anyMatch(arn -> arn.contains(":kms:") && arn.contains(PRIMARY_ACCOUNT)))
                .toList();

        assertThat(primaryKeys).singleElement().satisfies(statement -> assertThat(statement.get("Condition")).isEqualTo(
                Map.of("StringLike", Map.of("kms:ViaService", List.of("ec2.*.amazonaws.com", "rds.*.amazonaws.com")))));
    }

    @Test
    void recoveryCopyRoleHasResourceStarOnlyForDescribeAndListActions() {
        List<Map<String, Object>> statements = roleStatements(recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT)), "RecoveryCopyRole");

        assertThat(statements.stream().filter(statement -> "*".equals(statement.get("Resource"))))
                .isNotEmpty()
                .allSatisfy(statement -> assertThat(strings(statement.get("Action")))
                        .allSatisfy(action -> assertThat(action).matches("(ec2|rds):(Describe|List)[A-Za-z]+")));
    }

    @Test
    void copyFunctionAssumesTheRoleTheRecoveryStackCreates() {
        // GIVEN both stacks with a non-default role name
        Map<String, String> parameters = Map.of("RecoveryCopyRoleName", "dr-copy", "RecoveryAccount", RECOVERY_ACCOUNT,
                "PrimaryAccount", PRIMARY_ACCOUNT);

        // WHEN the copy function's variable, its AssumeRole resource and the recovery stack's role name are read
        String variable = primary(parameters).environment(template.function("CopySnapshotFunction")).get("RECOVERY_COPY_ROLE_NAME");
        Object assumed = withAction(roleStatements(primary(parameters), "CopySnapshotFunctionRole"), "sts:AssumeRole").getFirst().get("Resource");
        Object roleName = properties(recovery(parameters), "RecoveryCopyRole").get("RoleName");

        // THEN all three name the same role
        assertThat(variable).isEqualTo("dr-copy").isEqualTo(roleName);
        assertThat(assumed).isEqualTo("arn:aws:iam::" + RECOVERY_ACCOUNT + ":role/dr-copy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CopyCompletionFunction", "CopyStatusPollFunction"})
    void recoveryStackOfAnotherAccountSettlesCopiesInThePrimaryAccountsLedger(String function) {
        // GIVEN a recovery stack for another account
        LocalNames stack = recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT));
        String ledgerArn = "arn:aws:dynamodb:us-east-1:" + PRIMARY_ACCOUNT + ":table/lifeboat-ledger";

        // WHEN the function's ledger variables and its role's ledger statements are read
        Map<String, String> environment = stack.environment(template.function(function));
        List<Map<String, Object>> statements = roleStatements(stack, function + "Role");

        // THEN the table is named by its ARN in the primary account, and the role may use exactly that table and its key
        assertThat(environment).containsEntry("LEDGER_TABLE", ledgerArn).containsEntry("LEDGER_REGION", "us-east-1");
        assertThat(withAction(statements, "dynamodb:UpdateItem")).singleElement()
                .satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo(ledgerArn));
        assertThat(withAction(statements, "kms:Encrypt")).singleElement().satisfies(statement -> {
            assertThat(statement.get("Resource")).isEqualTo("arn:aws:kms:us-east-1:" + PRIMARY_ACCOUNT + ":key/*");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("kms:ViaService", "dynamodb.us-east-1.amazonaws.com")));
        });
    }

    @Test
    void recoveryStackOfTheSameAccountUsesTheLedgerByNameInItsOwnAccount() {
        LocalNames stack = recovery(Map.of());

        Map<String, String> environment = stack.environment(template.function("CopyStatusPollFunction"));
        List<Map<String, Object>> statements = roleStatements(stack, "CopyStatusPollFunctionRole");

        assertThat(environment).containsEntry("LEDGER_TABLE", "lifeboat-ledger").containsEntry("POLL_DESTINATIONS", "us-west-2");
        assertThat(withAction(statements, "dynamodb:UpdateItem")).singleElement()
                .satisfies(statement -> assertThat(statement.get("Resource")).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/lifeboat-ledger"));
    }

    @Test
    void pollerOfAnotherAccountsRecoveryStackAlsoPollsThePoolOfCopiesMadeHereByThatAccount() {
        Map<String, String> environment = recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT)).environment(template.function("CopyStatusPollFunction"));

        assertThat(environment.get("POLL_DESTINATIONS").split(",")).containsExactly("us-west-2", "123456789012/us-west-2");
    }

    @Test
    void ledgerAndItsKeyLetInTheRecoveryAccountsCompletionAndPollRolesOnly() {
        // GIVEN a primary stack with a recovery account
        LocalNames stack = primary(Map.of("RecoveryAccount", RECOVERY_ACCOUNT));

        // WHEN the ledger's resource policy and the data key's policy are read
        List<Map<String, Object>> ledger = statements(map(map(properties(stack, "LedgerTable").get("ResourcePolicy")).get("PolicyDocument")));
        List<Map<String, Object>> key = statements(map(properties(stack, "DataKey").get("KeyPolicy"))).stream()
                .filter(statement -> statement.get("Principal") instanceof Map<?, ?> principal
                        && String.valueOf(principal.get("AWS")).contains(RECOVERY_ACCOUNT))
                .toList();

        // THEN each has one statement for the recovery account, limited to the two roles, and the key to DynamoDB
        List<String> roles = List.of("arn:aws:iam::" + RECOVERY_ACCOUNT + ":role/*CopyCompletionFunctionRole*",
                "arn:aws:iam::" + RECOVERY_ACCOUNT + ":role/*CopyStatusPollFunctionRole*");
        assertThat(ledger).singleElement().satisfies(statement -> {
            assertThat(statement.get("Resource")).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/lifeboat-ledger");
            assertThat(strings(statement.get("Action"))).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
            assertThat(statement.get("Condition")).isEqualTo(Map.of("ArnLike", Map.of("aws:PrincipalArn", roles)));
        });
        assertThat(key).singleElement().satisfies(statement -> {
            assertThat(map(statement.get("Condition")).get("ArnLike")).isEqualTo(Map.of("aws:PrincipalArn", roles));
            assertThat(map(statement.get("Condition")).get("StringEquals")).isEqualTo(Map.of("kms:ViaService", "dynamodb.us-east-1.amazonaws.com"));
        });
        // and the role patterns name the roles of the two functions that the recovery stack deploys
        LocalNames recovery = recovery(Map.of("PrimaryAccount", PRIMARY_ACCOUNT));
        for (String function : List.of("CopyCompletionFunction", "CopyStatusPollFunction")) {
            assertThat(recovery.deploys(template.function(function))).isTrue();
            assertThat(template.function(function).properties().get("Role")).isEqualTo(Map.of("Fn::GetAtt", List.of(function + "Role", "Arn")));
        }
    }

    @Test
    void withoutARecoveryAccountTheLedgerAndKeyAdmitNoOtherAccount() {
        LocalNames stack = primary(Map.of());

        assertThat(properties(stack, "LedgerTable")).doesNotContainKey("ResourcePolicy");
        assertThat(statements(map(properties(stack, "DataKey").get("KeyPolicy"))).stream()
                .filter(statement -> statement.get("Principal") instanceof Map<?, ?> principal && principal.containsKey("AWS"))
                .map(statement -> String.valueOf(map(statement.get("Principal")).get("AWS"))))
                .isNotEmpty()
                .allSatisfy(principal -> assertThat(principal).isEqualTo("arn:aws:iam::123456789012:root"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RecoveryAccount", "PrimaryAccount"})
    void templatePassesCfnLintWithTheOtherAccountSet(String parameter) throws IOException, InterruptedException {
        // GIVEN the template with the account parameter's default set to an account
        String text = Files.readString(RepoRoot.find().resolve(Template.FILE_NAME));
        Matcher matcher = Pattern.compile("(\\n  " + parameter + ":\\n    Type: String\\n    Default: )''").matcher(text);
        assertThat(matcher.find()).as("%s has an empty default", parameter).isTrue();
        Path directory = Files.createTempDirectory("lifeboat-cfn-lint");
        Path variant = directory.resolve(Template.FILE_NAME);
        Files.writeString(variant, matcher.replaceFirst("$1'" + (parameter.equals("RecoveryAccount") ? RECOVERY_ACCOUNT : PRIMARY_ACCOUNT) + "'"));

        // WHEN cfn-lint checks it
        Process process = new ProcessBuilder(cfnLint().toString(), variant.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        // THEN it finds nothing
        assertThat(finished).as("cfn-lint finished").isTrue();
        assertThat(process.exitValue()).as("cfn-lint with %s set; its output:%n%s", parameter, output).isZero();
    }

    private static Path cfnLint() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "cfn-lint"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("cfn-lint is not on PATH; install with: python3 -m pip install cfn-lint"));
    }

    private Map<String, Object> properties(LocalNames stack, String logicalId) {
        Template.Resource resource = template.resource(logicalId);
        assertThat(stack.deploys(resource)).as("%s is in the %s stack", logicalId, stack.role()).isTrue();
        return map(stack.resolve(resource.properties()));
    }

    /** Every statement of an IAM role's inline policies, resolved for {@code stack}. */
    private List<Map<String, Object>> roleStatements(LocalNames stack, String role) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) properties(stack, role).get("Policies")) {
            statements.addAll(statements(map(map(policy).get("PolicyDocument"))));
        }
        return statements;
    }

    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        return ((List<?>) document.get("Statement")).stream().map(CrossAccountTemplateTest::map).toList();
    }

    private static List<Map<String, Object>> withAction(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(statement -> strings(statement.get("Action")).contains(action)).toList();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : value == null ? List.of() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
