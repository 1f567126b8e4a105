package dev.lifeboat.restoredrill;

import java.util.List;

/**
 * What cleaning up after a drill did.
 *
 * @param deleted  resources deleted now, or found already being deleted
 * @param pending  resources that cannot be deleted yet (still being created, or waiting for their instances): try again later
 * @param failed   resources that could not be deleted, with the reason: a person must delete them
 */
public record Cleanup(List<String> deleted, List<String> pending, List<String> failed) {

    public Cleanup {
        deleted = List.copyOf(deleted);
        pending = List.copyOf(pending);
        failed = List.copyOf(failed);
    }

    /** Nothing the drill restored is left (or everything left is being deleted). */
    public boolean complete() {
        return pending.isEmpty() && failed.isEmpty();
    }

    /** One line for a person: what was deleted and what is left. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(deleted.isEmpty() ? "nothing left to delete" : "deleted " + String.join(", ", deleted));
        if (!pending.isEmpty()) {
            text.append("; not yet deletable, will retry: ").append(String.join(", ", pending));
        }
        if (!failed.isEmpty()) {
            text.append("; COULD NOT DELETE (delete by hand): ").append(String.join(", ", failed));
        }
        return text.toString();
    }
}
