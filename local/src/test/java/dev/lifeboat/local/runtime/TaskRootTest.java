package dev.lifeboat.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRootTest {

    @TempDir
    Path work;

    @Test
    void extractsTheDeploymentPackageAsLambdaLaysItOut() throws Exception {
        Path jar = zip("function.jar", "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "dev/lifeboat/Handler.class", "classbytes",
                "log4j2.xml", "<Configuration/>");

        try (TaskRoot root = TaskRoot.extract(jar, work.resolve("roots"))) {
            assertThat(root.directory().resolve("dev/lifeboat/Handler.class")).hasContent("classbytes");
            assertThat(root.directory().resolve("log4j2.xml")).hasContent("<Configuration/>");
            assertThat(root.directory().resolve("META-INF/MANIFEST.MF")).exists();
        }
    }

    @Test
    void closingDeletesTheFolder() throws Exception {
        TaskRoot root = TaskRoot.extract(zip("function.jar", "a/b.txt", "x"), work);

        root.close();

        assertThat(root.directory()).doesNotExist();
    }

    @Test
    void refusesAnEntryThatPointsOutsideTheTaskRoot() throws Exception {
        Path jar = zip("evil.jar", "../../outside.txt", "x");

        assertThatThrownBy(() -> TaskRoot.extract(jar, work.resolve("roots")))
                .hasMessageContaining("../../outside.txt").hasMessageContaining("outside its folder");
        assertThat(work.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void aMissingDeploymentPackageSaysHowToBuildIt() {
        assertThatThrownBy(() -> TaskRoot.extract(work.resolve("functions/copy-snapshot/target/copy-snapshot.jar"), work))
                .hasMessageContaining("mvn -q -DskipTests install");
    }

    @Test
    void aTaskRootOfClassesHoldsOnlyTheirClassFiles() throws Exception {
        try (TaskRoot root = TaskRoot.ofClasses(work, NoOpHandler.class)) {
            try (var files = Files.walk(root.directory())) {
                assertThat(files.filter(Files::isRegularFile).map(file -> root.directory().relativize(file).toString()))
                        .containsExactly("dev/lifeboat/local/runtime/NoOpHandler.class");
            }
        }
    }

    private Path zip(String name, String... pathsAndContents) throws Exception {
        Path file = work.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(pathsAndContents[i]));
                zip.write(pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
