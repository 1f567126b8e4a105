package dev.lifeboat.local.drill;

import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.invoke.InvocationResult;
import dev.lifeboat.local.template.LocalNames;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.StackRole;
import dev.lifeboat.local.template.Template;
import dev.lifeboat.shared.aws.AwsClientFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bin/lifeboat report}: runs the health report function of the recovery stack against the
 * emulator at {@code AWS_ENDPOINT_URL}, then copies the report files it wrote to the recovery
 * bucket into a local folder.
 */
public final class ReportCommand {

    private ReportCommand() {
    }

    /** Runs it; answers the exit code (1 when the function is not in the template yet, fails, or writes no file). */
    public static int run(Path outFolder, Map<String, String> parameters, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path root = RepoRoot.find(environment, Path.of(System.getProperty("user.dir")));
        Template template = Template.loadFrom(root);
        if (!template.functions().containsKey(HealthReportFiles.FUNCTION)) {
            err.println("lifeboat: the health report is not available yet: template.yaml has no " + HealthReportFiles.FUNCTION);
            return 1;
        }
        Path folder = outFolder == null ? root.resolve("target").resolve("lifeboat-report") : outFolder;
        Map<String, String> variables = Drill.stackEnvironment(template, StackRole.RECOVERY, parameters, environment, HealthReportFiles.FUNCTION);
        InvocationResult result = new FunctionInvoker(template, parameters, environment).invoke(HealthReportFiles.FUNCTION, "{}", variables);
        if (result instanceof InvocationResult.Failure failure) {
            err.println("lifeboat: " + HealthReportFiles.FUNCTION + " failed: " + failure.errorType() + ": " + failure.errorMessage());
            return 1;
        }
        LocalNames recovery = new LocalNames(template, StackRole.RECOVERY, parameters, environment);
        List<Path> files;
        try (S3Client s3 = new AwsClientFactory(environment).client(S3Client.builder().forcePathStyle(true), "S3", Region.of(recovery.region()))) {
            files = HealthReportFiles.download(template, recovery, s3, folder);
        }
        if (files.isEmpty()) {
            err.println("lifeboat: " + HealthReportFiles.FUNCTION + " ran but no " + HealthReportFiles.LATEST + ".* object is in the recovery stack's buckets");
            return 1;
        }
        files.forEach(file -> out.println(file.toAbsolutePath()));
        return 0;
    }
}
