package dev.lifeboat.shared.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * AWS Backup's job events ("Monitoring AWS Backup events using Amazon EventBridge"):
 * {@code Backup Job State Change}, whose {@code COMPLETED} state is the trigger for a copy, and
 * {@code Copy Job State Change}, which tells how a copy ended. AWS Backup's events are read
 * tolerantly, as AWS documents them: the state is {@code state} in some events and
 * {@code status} in others, sizes come as strings or numbers, an ARN not yet known is an empty
 * object, and a completed backup job names its recovery point only in {@code resources}.
 */
public sealed interface BackupEvent {

    String BACKUP_JOB_STATE_CHANGE = "Backup Job State Change";
    String COPY_JOB_STATE_CHANGE = "Copy Job State Change";

    Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\\d{0,12}:.+");

    EventEnvelope envelope();

    /** The job's state, upper case ({@code COMPLETED}, {@code FAILED}, …). */
    String state();

    /** Who made the backup: the plan and rule, when a backup plan made it. */
    record CreatedBy(Optional<String> backupPlanId, Optional<String> backupPlanVersion, Optional<String> backupRuleId) {
        static final CreatedBy ON_DEMAND = new CreatedBy(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A backup job changed state; only a {@code COMPLETED} one names its recovery point. */
    record BackupJobChanged(EventEnvelope envelope, String backupJobId, String state, Optional<String> recoveryPointArn,
                            Optional<String> resourceArn, Optional<String> resourceType, Optional<String> backupVaultName,
                            Optional<String> backupVaultArn, CreatedBy createdBy, OptionalLong backupSizeInBytes)
            implements BackupEvent {

        public boolean completed() {
            return "COMPLETED".equals(state);
        }
    }

    /** A copy job changed state; {@code COMPLETED}, {@code FAILED}, {@code ABORTED} and {@code PARTIAL} are final. */
    record CopyJobChanged(EventEnvelope envelope, Optional<String> copyJobId, String state, Optional<String> destinationRecoveryPointArn,
                          Optional<String> destinationBackupVaultArn, Optional<String> resourceArn, String statusMessage)
            implements BackupEvent {

        public boolean finished() {
            return switch (state) {
                case "COMPLETED", "FAILED", "ABORTED", "PARTIAL" -> true;
                default -> false;
            };
        }

        public boolean succeeded() {
            return "COMPLETED".equals(state);
        }
    }

    /** Reads the AWS Backup job event in {@code envelope}, naming the first missing or malformed field. */
    static BackupEvent from(EventEnvelope envelope) {
        if (!"aws.backup".equals(envelope.source())) {
            throw new InvalidEventException("source", "expected 'aws.backup', got '" + SafeText.bounded(envelope.source(), 60) + "'");
        }
        JsonNode detail = envelope.detail();
        return switch (envelope.detailType()) {
            case BACKUP_JOB_STATE_CHANGE -> backupJob(envelope, detail);
            case COPY_JOB_STATE_CHANGE -> copyJob(envelope, detail);
            default -> throw new InvalidEventException("detail-type",
                    "unsupported: '" + SafeText.bounded(envelope.detailType(), 80) + "'");
        };
    }

    private static BackupEvent backupJob(EventEnvelope envelope, JsonNode detail) {
        String jobId = EventEnvelope.requiredText(detail, "backupJobId", "detail.backupJobId");
        String state = state(detail);
        Optional<String> recoveryPoint = arn(detail, "recoveryPointArn")
                .or(() -> envelope.resources().stream().filter(r -> ARN.matcher(r).matches()).findFirst());
        BackupJobChanged event = new BackupJobChanged(envelope, jobId, state, recoveryPoint, arn(detail, "resourceArn"),
                text(detail, "resourceType"), text(detail, "backupVaultName"), arn(detail, "backupVaultArn"),
                createdBy(detail.get("createdBy")), size(detail, "backupSizeInBytes"));
        if (event.completed()) {
            // what a copy cannot start without
            if (recoveryPoint.isEmpty()) {
                throw new InvalidEventException("detail.recoveryPointArn", "missing (and resources[] names no ARN)");
            }
            if (event.resourceArn().isEmpty()) {
                throw new InvalidEventException("detail.resourceArn", missingOrMalformed(detail, "resourceArn"));
            }
            if (event.backupVaultName().isEmpty() && event.backupVaultArn().isEmpty()) {
                throw new InvalidEventException("detail.backupVaultName", "missing (and so is detail.backupVaultArn)");
            }
        }
        return event;
    }

    private static BackupEvent copyJob(EventEnvelope envelope, JsonNode detail) {
        String state = state(detail);
        Optional<String> copyJobId = text(detail, "copyJobId");
        CopyJobChanged event = new CopyJobChanged(envelope, copyJobId, state, arn(detail, "destinationRecoveryPointArn"),
                arn(detail, "destinationBackupVaultArn"), arn(detail, "resourceArn"),
                text(detail, "statusMessage").orElse(""));
        if (event.finished() && copyJobId.isEmpty()) {
            throw new InvalidEventException("detail.copyJobId", "missing");
        }
        return event;
    }

    /** The vault's name: {@code backupVaultName}, else the last part of {@code backupVaultArn}. */
    static Optional<String> vaultName(Optional<String> name, Optional<String> arn) {
        return name.or(() -> arn.map(a -> a.substring(a.indexOf(":backup-vault:") + ":backup-vault:".length())));
    }

    private static String state(JsonNode detail) {
        Optional<String> state = text(detail, "state").or(() -> text(detail, "status"));
        if (state.isEmpty()) {
            JsonNode node = detail.get("state") != null ? detail.get("state") : detail.get("status");
            throw new InvalidEventException("detail.state", node == null ? "missing (and so is detail.status)" : "expected a string");
        }
        return state.get().trim().toUpperCase(Locale.ROOT);
    }

    private static CreatedBy createdBy(JsonNode node) {
        if (node == null || !node.isObject()) {
            return CreatedBy.ON_DEMAND;
        }
        return new CreatedBy(text(node, "backupPlanId"), text(node, "backupPlanVersion"),
                text(node, "backupPlanRuleId").or(() -> text(node, "backupRuleId")));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().trim()) : Optional.empty();
    }

    /** An ARN field; an empty object or string, as AWS sends before the ARN exists, is absent. */
    private static Optional<String> arn(JsonNode node, String field) {
        return text(node, field).filter(value -> ARN.matcher(value).matches());
    }

    private static String missingOrMalformed(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isObject() && value.isEmpty()) || (value.isTextual() && value.asText().isBlank())) {
            return "missing";
        }
        return "not an ARN: '" + SafeText.bounded(value.isTextual() ? value.asText() : value.toString(), 80) + "'";
    }

    private static OptionalLong size(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber()) {
            return OptionalLong.of(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
