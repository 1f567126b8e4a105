package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The restore workflow's validation (the restore-validate function): given a restore request, the
 * plan and what was restored, it answers {@code {"passed", "summary", "checks", ...}}.
 */
public interface RestoreValidation {

    JsonNode validate(JsonNode request, JsonNode plan, String restoredId);
}
