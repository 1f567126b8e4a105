package dev.lifeboat.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.local.template.RepoRoot;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInterfaceClientTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>\\s*</dependency>");

    @Test
    void theBuildCopiesTheClientWithExactlyTheJarsItsOwnPomNames() throws Exception {
        // GIVEN the client the local build copied
        RuntimeInterfaceClient client = RuntimeInterfaceClient.of(RepoRoot.find(), Map.of());
        Path clientJar = client.classPath().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-")).findFirst().orElseThrow();

        // WHEN its pom's runtime dependencies are read (the project's first dependency list, those without a scope)
        List<String> expected;
        try (JarFile jar = new JarFile(clientJar.toFile());
             InputStream pom = jar.getInputStream(jar.getEntry(
                     "META-INF/maven/com.amazonaws/aws-lambda-java-runtime-interface-client/pom.xml"))) {
            String text = new String(pom.readAllBytes());
            Matcher dependencies = DEPENDENCY.matcher(text.substring(text.indexOf("<dependencies>"), text.indexOf("</dependencies>")));
            expected = dependencies.results().map(match -> match.group(2) + "-" + match.group(3) + ".jar").toList();
        }

        // THEN the class path is the client and exactly those, at those versions (local/pom.xml names them)
        assertThat(expected).isNotEmpty();
        assertThat(client.classPath().stream().map(jar -> jar.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(expected.stream(),
                        java.util.stream.Stream.of(clientJar.getFileName().toString())).toList());
    }

    @Test
    void pointsTheClientAtItsNativePartAndRunsItsMainClassWithTheHandler() {
        RuntimeInterfaceClient client = RuntimeInterfaceClient.of(RepoRoot.find(), Map.of());

        List<String> command = client.command("dev.lifeboat.copysnapshot.CopySnapshotHandler::handleRequest", 1024);

        assertThat(command).contains("-XX:MaxRAM=1024m", "-XX:TieredStopAtLevel=1")
                .anySatisfy(argument -> assertThat(argument).matches("-D.*NativeClient\\.JNI=.*/jni/libaws-lambda-jni\\.linux.*\\.so"))
                .endsWith(RuntimeInterfaceClient.MAIN_CLASS, "dev.lifeboat.copysnapshot.CopySnapshotHandler::handleRequest");
    }

    @Test
    void choosesTheNativePartForThePlatform() {
        assertThat(RuntimeInterfaceClient.nativeLibraryName("Linux", "amd64", false)).isEqualTo("libaws-lambda-jni.linux-x86_64.so");
        assertThat(RuntimeInterfaceClient.nativeLibraryName("Linux", "aarch64", false)).isEqualTo("libaws-lambda-jni.linux-aarch_64.so");
        assertThat(RuntimeInterfaceClient.nativeLibraryName("Linux", "amd64", true)).isEqualTo("libaws-lambda-jni.linux_musl-x86_64.so");
        assertThatThrownBy(() -> RuntimeInterfaceClient.nativeLibraryName("Mac OS X", "aarch64", false)).hasMessageContaining("Linux only");
    }

    @Test
    void withoutTheBuildsCopySaysHowToBuildIt(@TempDir Path empty) {
        assertThatThrownBy(() -> RuntimeInterfaceClient.of(empty, Map.of()))
                .hasMessageContaining("is not in").hasMessageContaining("mvn -q -pl local process-resources");
    }

    @Test
    void runsFunctionsWithTheNamedJdk(@TempDir Path notAJdk) {
        assertThatThrownBy(() -> RuntimeInterfaceClient.of(RepoRoot.find(), Map.of(RuntimeInterfaceClient.JAVA_HOME_VARIABLE, notAJdk.toString())))
                .hasMessageContaining("No java at " + notAJdk.resolve("bin/java"));
    }
}
