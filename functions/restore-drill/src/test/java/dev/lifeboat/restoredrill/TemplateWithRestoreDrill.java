package dev.lifeboat.restoredrill;

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
 * template.yaml with the restore drill in it. Until the template carries {@code RestoreDrillFunction},
 * this module's fragment ({@code restore-drill-template-fragment.yaml}, the YAML handed to the
 * template's writer) is merged in, section by section.
 */
final class TemplateWithRestoreDrill {

    private static final Pattern SECTION = Pattern.compile("(?m)^([A-Za-z]+):\\s*$");

    private TemplateWithRestoreDrill() {
    }

    static Template load() {
        return Template.parse(text(), RepoRoot.find());
    }

    /** The merged template's text. */
    static String text() {
        Path repo = RepoRoot.find();
        try {
            String template = Files.readString(repo.resolve(Template.FILE_NAME));
            if (template.contains("\n  RestoreDrillFunction:\n")) {
                return template;
            }
            String fragment;
            try (InputStream in = TemplateWithRestoreDrill.class.getResourceAsStream("/restore-drill-template-fragment.yaml")) {
                fragment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> section : sections(fragment).entrySet()) {
                if (template.contains("\n" + section.getKey() + ":\n")) {
                    template = template.replaceFirst("(?m)^" + section.getKey() + ":\\s*\\n",
                            Matcher.quoteReplacement(section.getKey() + ":\n" + section.getValue() + "\n"));
                } else {
                    template = template + "\n" + section.getKey() + ":\n" + section.getValue();
                }
            }
            return template;
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
