package dev.lifeboat.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** template.yaml passes cfn-lint, which applies the SAM transform and checks the result against CloudFormation's schemas. */
class CfnLintTest {

    @Test
    void templatePassesCfnLint() throws IOException, InterruptedException {
        // GIVEN cfn-lint on PATH
        Path cfnLint = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "cfn-lint"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("cfn-lint is not on PATH; install with: python3 -m pip install cfn-lint"));

        // WHEN it checks the template
        Process process = new ProcessBuilder(cfnLint.toString(), Template.FILE_NAME)
                .directory(RepoRoot.find().toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        // THEN it finds nothing
        assertThat(finished).as("cfn-lint finished").isTrue();
        assertThat(process.exitValue()).as("cfn-lint template.yaml exit code; its output:%n%s", output).isZero();
    }
}
