package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@link RestoreValidation} by invoking the restore workflow's validation function, with the input
 * the workflow's {@code ValidateRestore} state gives it: the same checks for a drill, an operator's
 * restore and an AWS Backup restore test, and one place that knows them.
 */
public final class LambdaRestoreValidation implements RestoreValidation {

    private final LambdaClient lambda;
    private final String functionArn;

    public LambdaRestoreValidation(LambdaClient lambda, String functionArn) {
        this.lambda = lambda;
        this.functionArn = functionArn;
    }

    @Override
    public JsonNode validate(JsonNode request, JsonNode plan, String restoredId) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("request", request);
        payload.set("plan", plan);
        payload.put("restoredId", restoredId);
        payload.put("startedAt", "");
        InvokeResponse response = lambda.invoke(r -> r.functionName(functionArn).payload(SdkBytes.fromUtf8String(payload.toString())));
        String answer = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException("the validation function " + functionArn + " failed (" + response.functionError() + "): "
                    + SafeText.bounded(answer, 500));
        }
        try {
            JsonNode json = Json.MAPPER.readTree(answer);
            if (json == null || !json.has("passed")) {
                throw new IllegalStateException("the validation function " + functionArn + " answered no 'passed': " + SafeText.bounded(answer, 300));
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("the validation function " + functionArn + " answered no JSON: " + SafeText.bounded(answer, 300), e);
        }
    }
}
