package dev.lifeboat.shared.policy;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Policies from the SSM parameter that holds the policy document, read through Powertools
 * Parameters and cached for five minutes; without the parameter, only the default policy exists.
 * A document that does not parse fails every lookup loudly rather than falling back silently.
 */
public final class SsmPolicyCatalog implements PolicyCatalog {

    private static final int CACHE_MINUTES = 5;

    private final SSMProvider provider;
    private final String parameterName;
    private final Policy defaultPolicy;
    /** The last document text and its parsed form: parsing happens once per change, not per lookup. */
    private volatile Parsed parsed;

    private record Parsed(String json, PolicyDocument document) {
    }

    public SsmPolicyCatalog(SsmClient ssm, String parameterName, Policy defaultPolicy) {
        this.provider = SSMProvider.builder().withClient(ssm).build();
        this.parameterName = parameterName;
        this.defaultPolicy = defaultPolicy;
    }

    @Override
    public Optional<Policy> find(String name) {
        return document().find(name);
    }

    @Override
    public Map<String, Policy> policies() {
        return document().policies();
    }

    @Override
    public StoragePrices prices() {
        return document().prices();
    }

    private PolicyDocument document() {
        if (parameterName == null || parameterName.isBlank()) {
            return PolicyDocument.onlyDefault(defaultPolicy);
        }
        String json;
        try {
            json = provider.withMaxAge(CACHE_MINUTES, ChronoUnit.MINUTES).get(parameterName);
        } catch (ParameterNotFoundException e) {
            return PolicyDocument.onlyDefault(defaultPolicy);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ParameterNotFoundException) {
                return PolicyDocument.onlyDefault(defaultPolicy);
            }
            throw e;
        }
        Parsed last = parsed;
        if (last != null && last.json().equals(json)) {
            return last.document();
        }
        try {
            PolicyDocument document = PolicyDocument.parse(json, defaultPolicy);
            parsed = new Parsed(json, document);
            return document;
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException("", "SSM parameter " + parameterName + ": " + e.getMessage());
        }
    }
}
