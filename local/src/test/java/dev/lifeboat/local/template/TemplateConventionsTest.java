package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rules every resource of template.yaml keeps, whichever fragment it came from: schedules retry and
 * park what they could not deliver in an alarmed queue; data at rest is under KMS; what refers to a
 * recovery-only resource is itself recovery-only; every function has its own log group and an
 * errors alarm.
 */
class TemplateConventionsTest {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z.]+)?}");

    private final Template template = Template.loadFrom(RepoRoot.find());

    @Test
    void everyScheduleRetriesAndParksUndeliveredRunsInAQueueThatIsAlarmed() {
        List<Template.Resource> schedules = ofType("AWS::Scheduler::Schedule");
        assertThat(schedules).isNotEmpty();

        for (Template.Resource schedule : schedules) {
            Map<String, Object> target = map(schedule.properties().get("Target"));
            assertThat(target).as("%s Target", schedule.logicalId()).containsKeys("RetryPolicy", "DeadLetterConfig");
            String queue = getAttTarget(map(target.get("DeadLetterConfig")).get("Arn"));
            assertThat(template.resource(queue).type()).as("%s dead-letter queue", schedule.logicalId()).isEqualTo("AWS::SQS::Queue");
            assertThat(alarmsOn(queue)).as("alarms on %s, %s's dead-letter queue", queue, schedule.logicalId()).isNotEmpty();
            String role = getAttTarget(target.get("RoleArn"));
            assertThat(String.valueOf(template.resource(role).properties().get("Policies")))
                    .as("%s may send to %s", role, queue).contains("sqs:SendMessage").contains(queue);
        }
    }

    @Test
    void everyTableQueueTopicAndBucketIsEncryptedWithAKmsKeyOfThisTemplate() {
        for (Template.Resource resource : template.resources().values()) {
            Map<String, Object> properties = resource.properties();
            switch (resource.type()) {
                case "AWS::DynamoDB::Table" -> {
                    Map<String, Object> sse = map(properties.get("SSESpecification"));
                    assertThat(sse).as(resource.logicalId()).containsEntry("SSEType", "KMS").containsKey("KMSMasterKeyId");
                }
                case "AWS::SQS::Queue", "AWS::SNS::Topic" -> assertThat(properties).as(resource.logicalId()).containsKey("KmsMasterKeyId");
                case "AWS::S3::Bucket" -> assertThat(String.valueOf(properties.get("BucketEncryption")))
                        .as(resource.logicalId()).contains("SSEAlgorithm=aws:kms").contains("KMSMasterKeyID");
                default -> {
                }
            }
        }
    }

    @Test
    void whatRefersToARecoveryOnlyResourceIsRecoveryOnlyItself() {
        // GIVEN the primary stack, with every optional account set so that no condition hides a resource
        LocalNames primary = new LocalNames(template, StackRole.PRIMARY,
                Map.of("RecoveryAccount", "222233334444", "PrimaryAccount", "111122223333"), Map.of());

        // THEN no resource the primary stack creates refers (outside Fn::If) to one it does not create
        List<String> dangling = new ArrayList<>();
        for (Template.Resource resource : template.resources().values()) {
            if (!primary.deploys(resource)) {
                continue;
            }
            for (String target : references(resource.properties(), new TreeSet<>())) {
                if (template.resources().containsKey(target) && !primary.deploys(template.resource(target))) {
                    dangling.add(resource.logicalId() + " -> " + target);
                }
            }
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void everyFunctionWritesToItsOwnLogGroupAndHasAnErrorsAlarmUnlessOnlyTheRestoreWorkflowCallsIt() {
        // the restore workflow's task functions fail into the workflow, whose failures are alerted (AlertRestoreWorkflowFailuresRule)
        String workflowTasks = String.valueOf(template.resource("RestoreStateMachine").properties().get("DefinitionSubstitutions"));
        for (ServerlessFunction function : template.functions().values()) {
            Map<String, Object> logging = map(function.properties().get("LoggingConfig"));
            String logGroup = refTarget(logging.get("LogGroup"));
            assertThat(template.resource(logGroup).type()).as(function.logicalId()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(template.resource(logGroup).condition()).as("%s's log group's condition", function.logicalId())
                    .isEqualTo(template.resource(function.logicalId()).condition());
            if (function.events().isEmpty() && workflowTasks.contains("[" + function.logicalId() + ", Arn]")) {
                continue;
            }
            assertThat(ofType("AWS::CloudWatch::Alarm").stream().filter(alarm -> "Errors".equals(alarm.properties().get("MetricName"))
                    && String.valueOf(alarm.properties().get("Dimensions")).contains("{Ref=" + function.logicalId() + "}")))
                    .as("Errors alarm of %s", function.logicalId()).isNotEmpty();
        }
    }

    private List<Template.Resource> alarmsOn(String queue) {
        return ofType("AWS::CloudWatch::Alarm").stream()
                .filter(alarm -> String.valueOf(alarm.properties().get("Dimensions")).contains("Fn::GetAtt=[" + queue + ", QueueName]"))
                .filter(alarm -> alarm.properties().containsKey("AlarmActions"))
                .toList();
    }

    private List<Template.Resource> ofType(String type) {
        return template.resources().values().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    /** Logical ids named by Ref, Fn::GetAtt and Fn::Sub in {@code value}, except inside Fn::If (a branch may be for the other stack). */
    private static Set<String> references(Object value, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::If")) {
                return found;
            }
            map.forEach((key, item) -> {
                if (key.equals("Ref") && item instanceof String name) {
                    found.add(name);
                } else if (key.equals("Fn::GetAtt")) {
                    found.add(getAttTarget(Map.of("Fn::GetAtt", item)));
                } else if (key.equals("Fn::Sub")) {
                    Object pattern = item instanceof List<?> form ? form.get(0) : item;
                    Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(pattern));
                    Set<String> local = item instanceof List<?> form && form.size() > 1 && form.get(1) instanceof Map<?, ?> variables
                            ? new TreeSet<>(variables.keySet().stream().map(String::valueOf).toList()) : Set.of();
                    while (matcher.find()) {
                        if (!local.contains(matcher.group(1))) {
                            found.add(matcher.group(1));
                        }
                    }
                    if (item instanceof List<?> form && form.size() > 1) {
                        references(form.get(1), found);
                    }
                } else {
                    references(item, found);
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(item -> references(item, found));
        }
        return found;
    }

    private static String getAttTarget(Object value) {
        Object argument = map(value).get("Fn::GetAtt");
        if (argument instanceof String dotted) {
            return dotted.substring(0, dotted.indexOf('.'));
        }
        return String.valueOf(((List<?>) argument).get(0));
    }

    private static String refTarget(Object value) {
        return String.valueOf(map(value).get("Ref"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
