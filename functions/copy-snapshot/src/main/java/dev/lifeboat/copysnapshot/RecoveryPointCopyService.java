package dev.lifeboat.copysnapshot;

import dev.lifeboat.shared.event.BackupEvent;
import dev.lifeboat.shared.event.EbsSnapshotEvent;
import dev.lifeboat.shared.event.EventEnvelope;
import dev.lifeboat.shared.event.InvalidEventException;
import dev.lifeboat.shared.event.RdsSnapshotEvent;
import dev.lifeboat.shared.event.SafeText;
import java.util.List;

/**
 * The copy function's one service: reads the recovery-point event in an envelope (EBS, RDS and
 * Aurora snapshots, AWS Backup jobs) and hands it to the copy service of its kind.
 */
public final class RecoveryPointCopyService {

    private final SnapshotCopyService ebs;
    private final RdsSnapshotCopyService rds;
    private final BackupCopyService backup;

    public RecoveryPointCopyService(SnapshotCopyService ebs, RdsSnapshotCopyService rds, BackupCopyService backup) {
        this.ebs = ebs;
        this.rds = rds;
        this.backup = backup;
    }

    /** An outcome per snapshot or recovery point the event names; an exception fails the whole record. */
    public List<CopyOutcome> handle(EventEnvelope envelope) {
        return switch (envelope.source()) {
            case "aws.ec2" -> ebs.handle(EbsSnapshotEvent.from(envelope));
            case "aws.rds" -> List.of(rds.handle(RdsSnapshotEvent.from(envelope)));
            case "aws.backup" -> List.of(backup.handle(BackupEvent.from(envelope)));
            default -> throw new InvalidEventException("source",
                    "unsupported: '" + SafeText.bounded(envelope.source(), 60) + "' (expected aws.ec2, aws.rds or aws.backup)");
        };
    }
}
