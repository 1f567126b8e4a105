package dev.lifeboat.healthreport;

import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml with the health report in it. Until the template carries {@code HealthReportFunction},
 * this module's fragment ({@code health-report-template-fragment.yaml}, the YAML handed to the
 * template's writer) is merged in, section by section, with a stand-in drill table if the template has none.
 */
final class TemplateWithHealthReport {

    private static final Pattern SECTION = Pattern.compile("(?m)^([A-Za-z]+):\\s*$");

    private TemplateWithHealthReport() {
    }

    static Template load() {
        Path repo = RepoRoot.find();
        try {
            String template = Files.readString(repo.resolve(Template.FILE_NAME));
            if (template.contains("\n  HealthReportFunction:\n")) {
                return Template.loadFrom(repo);
            }
            String fragment;
            try (InputStream in = TemplateWithHealthReport.class.getResourceAsStream("/health-report-template-fragment.yaml")) {
                fragment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> sections = sections(fragment);
            if (!template.contains("\n  DrillTable:\n")) {
                sections.merge("Resources", """

                          DrillTable:
                            Type: AWS::DynamoDB::Table
                            Condition: IsRecovery
                            Properties:
                              BillingMode: PAY_PER_REQUEST
                              AttributeDefinitions:
                                - {AttributeName: drillId, AttributeType: S}
                              KeySchema:
                                - {AttributeName: drillId, KeyType: HASH}
                        """, String::concat);
            }
            for (Map.Entry<String, String> section : sections.entrySet()) {
                template = template.replaceFirst("(?m)^" + section.getKey() + ":\\s*\\n",
                        Matcher.quoteReplacement(section.getKey() + ":\n" + section.getValue() + "\n"));
            }
            return Template.parse(template, repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> sections(String yaml) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        for (String line : yaml.split("\n", -1)) {
            Matcher header = SECTION.matcher(line);
            if (header.matches()) {
                current = header.group(1);
                sections.putIfAbsent(current, "");
            } else if (current != null && !line.startsWith("#")) {
                sections.merge(current, line + "\n", String::concat);
            }
        }
        return sections;
    }
}
