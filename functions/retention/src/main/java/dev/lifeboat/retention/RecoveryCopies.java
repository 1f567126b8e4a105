package dev.lifeboat.retention;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The recovery region's Lifeboat copies: listed by their tags, deleted, moved to the archive tier. */
public interface RecoveryCopies {

    /** Every copy of this kind tagged {@code lifeboat:managed=true} in the recovery region. */
    List<RecoveryCopy> list(CopyKind kind);

    /** Deletes the copy; a copy that is already gone counts as deleted. */
    void delete(RecoveryCopy copy);

    /** Moves an EBS copy to the archive tier. */
    void archive(RecoveryCopy copy);

    /** Which of these EBS snapshots have a tiering operation (archive or restore) in progress. */
    Set<String> tieringInProgress(Collection<String> snapshotIds);
}
