package dev.lifeboat.restoredrill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.shared.json.Json;
import dev.lifeboat.shared.policy.DrillSettings;
import dev.lifeboat.shared.policy.Policy;
import dev.lifeboat.shared.restore.InvalidRestoreRequestException;
import dev.lifeboat.shared.restore.ResourceKind;
import dev.lifeboat.shared.restore.RestoreRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Chooses today's drills. Pure: for each protected source whose copies are under a policy with
 * drills enabled, one random copy made within the policy's {@code recentDays}, restored into the
 * policy's isolated target (its subnet group and security groups, never a DNS cutover, cleaned up
 * on failure). At most {@code slots} drills are chosen, in a random order that changes daily.
 *
 * <p>The drill id, which names the execution, is {@code drill-<UTC day>-<digest of policy, type and
 * source>}: one drill per source per day, so a repeated schedule delivery asks for an execution that
 * already exists. The random choices are drawn from a generator seeded with the drill id (and the
 * planner's seed), so a repeat asks for the very same execution.
 */
public final class DrillPlanner {

    /** What {@link #plan} chose, and why some sources were not drilled. */
    public record Plan(List<PlannedDrill> drills, List<String> deferred, List<String> skipped, List<String> problems) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final long seed;
    private final String dbInstanceClass;
    private final boolean probeDatabases;

    /**
     * @param seed            mixed into every random choice (tests fix it; production uses 0: the drill id varies daily)
     * @param dbInstanceClass the class restored RDS instances and Aurora instances get in a drill
     * @param probeDatabases  a drilled database must also accept a TCP connection on its endpoint (the validation
     *                        function must then run in a VPC that the drill's security groups admit)
     */
    public DrillPlanner(long seed, String dbInstanceClass, boolean probeDatabases) {
        this.seed = seed;
        this.dbInstanceClass = dbInstanceClass;
        this.probeDatabases = probeDatabases;
    }

    public Plan plan(Map<String, Policy> policies, List<RecoveryCopy> copies, Instant now, int slots) {
        Map<String, List<RecoveryCopy>> bySource = new LinkedHashMap<>();
        copies.stream().sorted(Comparator.comparing(RecoveryCopy::id))
                .forEach(copy -> bySource.computeIfAbsent(copy.kind().wireName() + " " + copy.sourceResource(), k -> new ArrayList<>()).add(copy));
        List<PlannedDrill> candidates = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<RecoveryCopy>> source : bySource.entrySet()) {
            // a source's policy is the one its newest copy was made under
            RecoveryCopy newest = source.getValue().stream().max(Comparator.comparing(RecoveryCopy::createdAt)).orElseThrow();
            Policy policy = policies.get(newest.policy());
            if (policy == null || !policy.drills().enabled()) {
                continue;
            }
            DrillSettings settings = policy.drills();
            Instant since = now.minus(Duration.ofDays(settings.recentDays()));
            List<RecoveryCopy> recent = source.getValue().stream()
                    .filter(copy -> copy.ready() && !copy.createdAt().isBefore(since) && !copy.createdAt().isAfter(now)).toList();
            if (recent.isEmpty()) {
                skipped.add(source.getKey() + ": no ready copy made in the last " + settings.recentDays() + " days (policy " + policy.name() + ")");
                continue;
            }
            String drillId = drillId(now, policy.name(), newest);
            RecoveryCopy chosen = recent.get(random(drillId).nextInt(recent.size()));
            try {
                candidates.add(new PlannedDrill(drillId, policy.name(), chosen, request(drillId, chosen, settings)));
            } catch (InvalidRestoreRequestException e) {
                problems.add("policy '" + policy.name() + "' cannot drill " + source.getKey() + ": drills." + e.field().replace("target.", "")
                        + " " + e.getMessage().replaceFirst("^field '[^']*': ", ""));
            }
        }
        candidates.sort(Comparator.comparing(PlannedDrill::drillId));
        Collections.shuffle(candidates, new Random(random(DAY.format(now)).nextLong()));
        int taken = Math.max(0, Math.min(slots, candidates.size()));
        List<String> deferred = candidates.subList(taken, candidates.size()).stream()
                .map(drill -> drill.copy().kind().wireName() + " " + drill.copy().sourceResource()).toList();
        return new Plan(List.copyOf(candidates.subList(0, taken)), deferred, List.copyOf(skipped), List.copyOf(problems));
    }

    /**
     * The restore workflow input: the copy named explicitly, the isolated target, no DNS cutover,
     * cleanup on failure. Checked with the workflow's own parser, so a policy that cannot make a
     * valid request is a problem named here, not a failed execution.
     */
    String request(String drillId, RecoveryCopy copy, DrillSettings settings) {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("requestId", drillId);
        request.put("resourceType", copy.kind().wireName());
        request.put("sourceResource", copy.sourceResource());
        request.put("recoveryPoint", copy.id());
        ObjectNode target = request.putObject("target");
        target.put("identifier", drillId);
        if (copy.kind() == ResourceKind.EBS_VOLUME) {
            settings.availabilityZone().ifPresent(zone -> target.put("availabilityZone", zone));
        } else {
            // a drill's database goes only where the policy isolates it: its own subnet group and security groups
            target.put("subnetGroup", settings.subnetGroup().orElseThrow(() -> new InvalidRestoreRequestException("target.subnetGroup",
                    "is required to drill a database: the isolated DB subnet group drills restore into")));
            if (settings.securityGroups().isEmpty()) {
                throw new InvalidRestoreRequestException("target.securityGroups",
                        "are required to drill a database: without them RDS would give the restored database the VPC's default group");
            }
            settings.securityGroups().forEach(target.putArray("securityGroups")::add);
            target.put("instanceClass", dbInstanceClass);
            if (probeDatabases) {
                request.putObject("validation").put("tcp", true);
            }
        }
        request.put("cleanupOnFailure", true);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RestoreRequest.parse(json);
        return json;
    }

    /** {@code drill-<yyyyMMdd>-<12 hex digits>}: a valid execution name and DB identifier. */
    static String drillId(Instant now, String policy, RecoveryCopy copy) {
        return "drill-" + DAY.format(now) + "-" + digest(policy + "\n" + copy.kind().wireName() + "\n" + copy.sourceResource()).substring(0, 12);
    }

    private SplittableRandom random(String key) {
        long hash = 1125899906842597L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = 31 * hash + b;
        }
        return new SplittableRandom(hash ^ (seed * 0x9E3779B97F4A7C15L));
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
