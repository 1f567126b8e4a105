package dev.lifeboat.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The AWS Lambda Java Runtime Interface Client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client},
 * AWS's open-source implementation of Lambda's Java programming model over the Runtime API; it needs
 * Java 8 or newer and glibc 2.17 or musl, on x86_64 or arm64): its jar and the jars its own pom names, as the
 * local module's build copies them into {@code local/target/lambda-runtime-interface-client}, and the
 * command that starts it. Its class path holds nothing of the function's: the function's code is
 * loaded from the task root by the client's own class loader, whose parent is the client's, so
 * the client's {@code aws-lambda-java-core}, serialization and {@code utils-lite} win over the copies
 * in a function's jar, as on Lambda.
 *
 * <p>The client unpacks its native part to the fixed path {@code /tmp/.libaws-lambda-jni.so} unless
 * told where it is; two clients starting at once on one machine would overwrite each other's copy,
 * so it is pointed at the copy the build unpacked.
 */
public final class RuntimeInterfaceClient {

    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The folder, relative to the repository, that the local module's build fills. */
    public static final String BUILD_FOLDER = "local/target/lambda-runtime-interface-client";
    /** An explicit folder of the client's jars (and its {@code jni/} folder), instead of the build's. */
    public static final String FOLDER_VARIABLE = "LIFEBOAT_RUNTIME_INTERFACE_CLIENT";
    /** A JDK to run functions with, instead of the one running this code: Lambda's {@code java21} runs Java 21. */
    public static final String JAVA_HOME_VARIABLE = "LIFEBOAT_LAMBDA_JAVA_HOME";

    private static final String NATIVE_LIBRARY_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final List<Path> classPath;
    private final Path nativeLibrary;
    private final Path java;

    RuntimeInterfaceClient(List<Path> classPath, Path nativeLibrary, Path java) {
        this.classPath = List.copyOf(classPath);
        this.nativeLibrary = nativeLibrary;
        this.java = java;
    }

    /** The client the build put in {@code repository} (or {@value #FOLDER_VARIABLE}), run by {@value #JAVA_HOME_VARIABLE} or this JVM's java. */
    public static RuntimeInterfaceClient of(Path repository, Map<String, String> environment) {
        Path folder = environment.containsKey(FOLDER_VARIABLE) && !environment.get(FOLDER_VARIABLE).isBlank()
                ? Path.of(environment.get(FOLDER_VARIABLE))
                : repository.resolve(BUILD_FOLDER);
        Path javaHome = environment.containsKey(JAVA_HOME_VARIABLE) && !environment.get(JAVA_HOME_VARIABLE).isBlank()
                ? Path.of(environment.get(JAVA_HOME_VARIABLE))
                : Path.of(System.getProperty("java.home"));
        return inFolder(folder, javaHome.resolve("bin").resolve("java"));
    }

    static RuntimeInterfaceClient inFolder(Path folder, Path java) {
        List<Path> jars;
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-"))) {
            throw new IllegalStateException("The Lambda Runtime Interface Client is not in " + folder
                    + ": build the local module first (mvn -q -pl local process-resources, or mvn -q -DskipTests install at the repository root)");
        }
        Path library = folder.resolve("jni").resolve(nativeLibraryName(System.getProperty("os.name"), System.getProperty("os.arch"),
                Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"))));
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("The Runtime Interface Client's native part " + library + " is missing: rebuild the local module");
        }
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("No java at " + java + " (" + JAVA_HOME_VARIABLE + " names a JDK to run functions with)");
        }
        return new RuntimeInterfaceClient(jars, library, java);
    }

    /** The native part the client ships for this platform: Linux only, glibc or musl, x86_64 or arm64. */
    static String nativeLibraryName(String osName, String osArch, boolean musl) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            throw new IllegalStateException("The Lambda Runtime Interface Client runs on Linux only (its native part), not on " + osName);
        }
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("The Lambda Runtime Interface Client ships no native part for " + osArch);
        };
        return "libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
    }

    public List<Path> classPath() {
        return classPath;
    }

    public Path java() {
        return java;
    }

    /**
     * The command that starts the client for {@code handler} in an environment of {@code memoryMb}:
     * the JVM sees the function's memory as its machine's, as it sees Lambda's limit, so its heap
     * and collector are chosen as there; tiered compilation stops at level 1, the default of
     * Lambda's Java 17+ runtimes. {@code JAVA_TOOL_OPTIONS} in the environment adds to these.
     */
    public List<String> command(String handler, int memoryMb) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-XX:MaxRAM=" + memoryMb + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary);
        command.add("-cp");
        command.add(String.join(":", classPath.stream().map(Path::toString).toList()));
        command.add(MAIN_CLASS);
        command.add(handler);
        return command;
    }
}
