package dev.lifeboat.shared.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.shared.event.SafeText;
import dev.lifeboat.shared.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input of the restore workflow, as an operator pastes it into the Step Functions console or
 * sends it in a {@code Restore Requested} event. Parsing is strict: an unknown field is a typo that
 * would silently change the restore, so it is rejected, naming the field.
 *
 * @param requestId       names the execution when the request comes as an event (a repeat starts nothing new)
 * @param kind            what to restore
 * @param sourceResource  the protected resource: volume id, DB instance id, cluster id, or (AWS Backup) resource ARN
 * @param recoveryPoint   {@code latest}, or the copy to restore from (snapshot id, DB snapshot id, recovery point ARN)
 */
public record RestoreRequest(Optional<String> requestId, ResourceKind kind, String sourceResource, String recoveryPoint,
                             Target target, Optional<DnsCutover> dnsCutover, Validation validation, boolean cleanupOnFailure,
                             Timing timing) {

    public static final String LATEST = "latest";

    private static final Set<String> FIELDS = Set.of("requestId", "resourceType", "sourceResource", "recoveryPoint", "target",
            "dnsCutover", "validation", "cleanupOnFailure", "timing");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TEXT = Pattern.compile("[\\x21-\\x7e]{1,2048}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,62}");
    private static final Pattern AVAILABILITY_ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}[a-z]");
    private static final Pattern HOSTED_ZONE = Pattern.compile("(/hostedzone/)?[A-Z0-9]{1,32}");
    private static final Pattern RECORD_NAME = Pattern.compile("[a-zA-Z0-9*]([a-zA-Z0-9_.-]{0,252})\\.?");

    /** Optional overrides of where and how the resource is restored; empty means "as the copy says". */
    public record Target(Optional<String> identifier, Optional<String> availabilityZone, Optional<String> instanceClass,
                         Optional<String> subnetGroup, List<String> securityGroups, Optional<String> volumeType, int instanceCount) {
    }

    /** A Route 53 UPSERT of {@code recordName} (CNAME) to the restored endpoint. */
    public record DnsCutover(String hostedZoneId, String recordName, int ttl) {
    }

    /** Checks after the resource is available; every probe is optional. */
    public record Validation(Optional<Endpoint> endpoint, Optional<Integer> tcpPort, Optional<HttpProbe> http, Optional<SqlProbe> sql) {

        public boolean hasProbes() {
            return tcpPort.isPresent() || http.isPresent() || sql.isPresent();
        }
    }

    /** Where probes connect instead of the restored resource's own endpoint (a proxy, a load balancer). */
    public record Endpoint(String address, int port) {
    }

    public record HttpProbe(String url, int expectStatus) {
    }

    /**
     * A query on the restored database: it must return at least {@code minRows} rows and, when
     * {@code expectFirstValue} is given, the first column of the first row must read as it.
     * The credentials come from the Secrets Manager secret {@code secretId} (RDS's JSON form:
     * username, password, dbname, engine).
     */
    public record SqlProbe(String secretId, Optional<String> database, String query, int minRows, Optional<String> expectFirstValue) {
    }

    /** Overrides of the template's poll interval and the type's time limit. */
    public record Timing(Optional<Integer> pollSeconds, Optional<Integer> timeLimitSeconds) {
    }

    /** Parses a request; {@link InvalidRestoreRequestException} names the first field that is wrong. */
    public static RestoreRequest parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidRestoreRequestException("", "the restore request must be a JSON object, such as "
                    + "{\"resourceType\": \"rds-instance\", \"sourceResource\": \"orders-db\"}");
        }
        onlyKnownFields(json, "", FIELDS);
        Optional<String> requestId = optionalText(json, "requestId", REQUEST_ID, "1 to 64 letters, digits, '-' or '_'");
        String type = requiredText(json, "resourceType", TEXT, "one of " + ResourceKind.wireNames());
        ResourceKind kind = ResourceKind.fromWireName(type).orElseThrow(() -> new InvalidRestoreRequestException("resourceType",
                "'" + SafeText.bounded(type, 60) + "' is not a resource type; use one of " + ResourceKind.wireNames()));
        String source = requiredText(json, "sourceResource", TEXT, "the id (or, for AWS Backup, the ARN) of the protected resource");
        String recoveryPoint = optionalText(json, "recoveryPoint", TEXT, "'latest' or the id of a copy").orElse(LATEST);
        Target target = target(json.get("target"), kind);
        Optional<DnsCutover> dns = dnsCutover(json.get("dnsCutover"), kind);
        Validation validation = validation(json.get("validation"));
        boolean cleanup = optionalBoolean(json, "cleanupOnFailure", "").orElse(false);
        Timing timing = timing(json.get("timing"));
        return new RestoreRequest(requestId, kind, source, recoveryPoint, target, dns, validation, cleanup, timing);
    }

    /** Parses request text; not JSON is an invalid request too. */
    public static RestoreRequest parse(String text) {
        try {
            return parse(Json.MAPPER.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRestoreRequestException("", "the restore request is not JSON: " + SafeText.bounded(e.getOriginalMessage(), 200));
        }
    }

    private static Target target(JsonNode node, ResourceKind kind) {
        if ((node == null || node.isNull()) && (kind == ResourceKind.RDS_INSTANCE || kind == ResourceKind.AURORA_CLUSTER)) {
            throw new InvalidRestoreRequestException("target.subnetGroup", "is required for a database: the DB subnet group of the recovery VPC to restore into");
        }
        if (node == null || node.isNull()) {
            return new Target(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), 1);
        }
        object(node, "target");
        onlyKnownFields(node, "target.", Set.of("identifier", "availabilityZone", "instanceClass", "subnetGroup", "securityGroups",
                "volumeType", "instanceCount"));
        Optional<String> identifier = optionalText(node, "target.identifier", "identifier", IDENTIFIER,
                "1 to 63 letters, digits or '-', starting with a letter");
        identifier.filter(id -> id.endsWith("-") || id.contains("--")).ifPresent(id -> {
            throw new InvalidRestoreRequestException("target.identifier", "must not end with '-' or contain '--'");
        });
        Optional<String> zone = optionalText(node, "target.availabilityZone", "availabilityZone", AVAILABILITY_ZONE,
                "an availability zone of the recovery region, such as us-west-2a");
        Optional<String> instanceClass = optionalText(node, "target.instanceClass", "instanceClass",
                Pattern.compile("db\\.[a-z0-9]+\\.[a-z0-9]+"), "a DB instance class such as db.t4g.medium");
        Optional<String> subnetGroup = optionalText(node, "target.subnetGroup", "subnetGroup", TEXT, "a DB subnet group name");
        List<String> securityGroups = new ArrayList<>();
        JsonNode groups = node.get("securityGroups");
        if (groups != null && !groups.isNull()) {
            if (!groups.isArray()) {
                throw new InvalidRestoreRequestException("target.securityGroups", "must be a list of security group ids");
            }
            for (int i = 0; i < groups.size(); i++) {
                JsonNode group = groups.get(i);
                if (!group.isTextual() || !group.asText().matches("sg-[0-9a-f]{8,17}")) {
                    throw new InvalidRestoreRequestException("target.securityGroups[" + i + "]", "must be a security group id (sg-...)");
                }
                securityGroups.add(group.asText());
            }
        }
        Optional<String> volumeType = optionalText(node, "target.volumeType", "volumeType",
                Pattern.compile("gp2|gp3|io1|io2|st1|sc1|standard"), "one of gp2, gp3, io1, io2, st1, sc1, standard");
        int instanceCount = optionalInt(node, "target.instanceCount", "instanceCount", 1, 15).orElse(1);
        if (kind == ResourceKind.EBS_VOLUME && (instanceClass.isPresent() || subnetGroup.isPresent() || !securityGroups.isEmpty())) {
            throw new InvalidRestoreRequestException(instanceClass.isPresent() ? "target.instanceClass"
                    : subnetGroup.isPresent() ? "target.subnetGroup" : "target.securityGroups", "does not apply to an ebs-volume");
        }
        if (kind != ResourceKind.EBS_VOLUME && volumeType.isPresent()) {
            throw new InvalidRestoreRequestException("target.volumeType", "applies to an ebs-volume only");
        }
        if ((kind == ResourceKind.RDS_INSTANCE || kind == ResourceKind.AURORA_CLUSTER) && zone.isPresent()) {
            throw new InvalidRestoreRequestException("target.availabilityZone",
                    "applies to an ebs-volume or a backup-recovery-point; a database goes where its subnet group allows");
        }
        if (kind != ResourceKind.AURORA_CLUSTER && node.has("instanceCount")) {
            throw new InvalidRestoreRequestException("target.instanceCount", "applies to an aurora-cluster only");
        }
        if ((kind == ResourceKind.RDS_INSTANCE || kind == ResourceKind.AURORA_CLUSTER) && subnetGroup.isEmpty()) {
            throw new InvalidRestoreRequestException("target.subnetGroup", "is required for a database: the DB subnet group of the recovery VPC to restore into");
        }
        if (kind == ResourceKind.RDS_INSTANCE && instanceClass.isEmpty()) {
            throw new InvalidRestoreRequestException("target.instanceClass", "is required for an rds-instance: the class to restore into, such as db.t4g.medium");
        }
        return new Target(identifier, zone, instanceClass, subnetGroup, List.copyOf(securityGroups), volumeType, instanceCount);
    }

    private static Optional<DnsCutover> dnsCutover(JsonNode node, ResourceKind kind) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        object(node, "dnsCutover");
        if (kind == ResourceKind.EBS_VOLUME) {
            throw new InvalidRestoreRequestException("dnsCutover", "an ebs-volume has no endpoint to point a DNS record at");
        }
        onlyKnownFields(node, "dnsCutover.", Set.of("hostedZoneId", "recordName", "ttl"));
        String zone = requiredText(node, "dnsCutover.hostedZoneId", "hostedZoneId", HOSTED_ZONE, "a Route 53 hosted zone id such as Z0123456789ABC");
        String record = requiredText(node, "dnsCutover.recordName", "recordName", RECORD_NAME, "a DNS name such as db.example.com");
        int ttl = optionalInt(node, "dnsCutover.ttl", "ttl", 0, 172800).orElse(60);
        return Optional.of(new DnsCutover(zone.replace("/hostedzone/", ""), record, ttl));
    }

    private static Validation validation(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Validation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        object(node, "validation");
        onlyKnownFields(node, "validation.", Set.of("endpoint", "tcp", "http", "sql"));
        Optional<Endpoint> endpoint = Optional.empty();
        JsonNode endpointNode = node.get("endpoint");
        if (endpointNode != null && !endpointNode.isNull()) {
            object(endpointNode, "validation.endpoint");
            onlyKnownFields(endpointNode, "validation.endpoint.", Set.of("address", "port"));
            endpoint = Optional.of(new Endpoint(
                    requiredText(endpointNode, "validation.endpoint.address", "address", TEXT, "a host name or IP address"),
                    optionalInt(endpointNode, "validation.endpoint.port", "port", 1, 65535).orElseThrow(() ->
                            new InvalidRestoreRequestException("validation.endpoint.port", "is required with an endpoint"))));
        }
        Optional<Integer> tcpPort = Optional.empty();
        JsonNode tcp = node.get("tcp");
        if (tcp != null && !tcp.isNull() && !(tcp.isBoolean() && !tcp.asBoolean())) {
            if (tcp.isBoolean()) {
                tcpPort = Optional.of(0);
            } else {
                object(tcp, "validation.tcp");
                onlyKnownFields(tcp, "validation.tcp.", Set.of("port"));
                tcpPort = Optional.of(optionalInt(tcp, "validation.tcp.port", "port", 1, 65535).orElse(0));
            }
        }
        Optional<HttpProbe> http = Optional.empty();
        JsonNode httpNode = node.get("http");
        if (httpNode != null && !httpNode.isNull()) {
            object(httpNode, "validation.http");
            onlyKnownFields(httpNode, "validation.http.", Set.of("url", "expectStatus"));
            http = Optional.of(new HttpProbe(
                    requiredText(httpNode, "validation.http.url", "url", Pattern.compile("https?://[\\x21-\\x7e]{1,2000}"), "an http:// or https:// URL"),
                    optionalInt(httpNode, "validation.http.expectStatus", "expectStatus", 100, 599).orElse(200)));
        }
        Optional<SqlProbe> sql = Optional.empty();
        JsonNode sqlNode = node.get("sql");
        if (sqlNode != null && !sqlNode.isNull()) {
            object(sqlNode, "validation.sql");
            onlyKnownFields(sqlNode, "validation.sql.", Set.of("secretId", "database", "query", "minRows", "expectFirstValue"));
            String query = requiredText(sqlNode, "validation.sql.query", "query", Pattern.compile("(?s).{1,4000}"), "a SQL query");
            sql = Optional.of(new SqlProbe(
                    requiredText(sqlNode, "validation.sql.secretId", "secretId", TEXT, "the name or ARN of a Secrets Manager secret"),
                    optionalText(sqlNode, "validation.sql.database", "database", TEXT, "a database name"),
                    query.strip(),
                    optionalInt(sqlNode, "validation.sql.minRows", "minRows", 0, 1_000_000).orElse(1),
                    optionalText(sqlNode, "validation.sql.expectFirstValue", "expectFirstValue", Pattern.compile("(?s).{0,1000}"), "text")));
        }
        return new Validation(endpoint, tcpPort, http, sql);
    }

    private static Timing timing(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Timing(Optional.empty(), Optional.empty());
        }
        object(node, "timing");
        onlyKnownFields(node, "timing.", Set.of("pollSeconds", "timeLimitSeconds"));
        return new Timing(optionalInt(node, "timing.pollSeconds", "pollSeconds", 1, 3600),
                optionalInt(node, "timing.timeLimitSeconds", "timeLimitSeconds", 1, 7 * 24 * 3600));
    }

    // ---------------------------------------------------------------- field readers

    private static void object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new InvalidRestoreRequestException(field, "must be a JSON object");
        }
    }

    private static void onlyKnownFields(JsonNode node, String prefix, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidRestoreRequestException(prefix + SafeText.bounded(name, 60),
                        "is not a field of a restore request here; the fields are " + known.stream().sorted().toList());
            }
        }
    }

    private static String requiredText(JsonNode node, String field, Pattern pattern, String expected) {
        return requiredText(node, field, field, pattern, expected);
    }

    private static String requiredText(JsonNode node, String path, String name, Pattern pattern, String expected) {
        return optionalText(node, path, name, pattern, expected)
                .orElseThrow(() -> new InvalidRestoreRequestException(path, "is required: " + expected));
    }

    private static Optional<String> optionalText(JsonNode node, String field, Pattern pattern, String expected) {
        return optionalText(node, field, field, pattern, expected);
    }

    private static Optional<String> optionalText(JsonNode node, String path, String name, Pattern pattern, String expected) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidRestoreRequestException(path, "must be text: " + expected);
        }
        String text = value.asText().strip();
        if (!pattern.matcher(text).matches()) {
            throw new InvalidRestoreRequestException(path, "'" + SafeText.bounded(text, 80) + "' is not valid: " + expected);
        }
        return Optional.of(text);
    }

    private static Optional<Integer> optionalInt(JsonNode node, String path, String name, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new InvalidRestoreRequestException(path, "must be a whole number from " + min + " to " + max);
        }
        return Optional.of(value.asInt());
    }

    private static Optional<Boolean> optionalBoolean(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidRestoreRequestException(prefix + field, "must be true or false");
        }
        return Optional.of(value.asBoolean());
    }
}
