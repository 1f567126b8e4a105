package dev.lifeboat.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code as Lambda lays it out before the runtime starts: the deployment package
 * (a .jar is a .zip to Lambda) extracted into a folder, the runtime's working directory and
 * {@code LAMBDA_TASK_ROOT}. The Runtime Interface Client loads the function from there (the
 * folder, then {@code lib/*.jar}) through its own class loader, so a jar's manifest, its
 * {@code Multi-Release} versions and its nested jars mean nothing, just as on Lambda.
 */
public final class TaskRoot implements AutoCloseable {

    private final Path directory;

    private TaskRoot(Path directory) {
        this.directory = directory;
    }

    /** {@code deploymentPackage} extracted into a new folder under {@code parent}. */
    public static TaskRoot extract(Path deploymentPackage, Path parent) {
        if (!Files.isRegularFile(deploymentPackage)) {
            throw new IllegalStateException("No deployment package at " + deploymentPackage
                    + ": build it with 'mvn -q -DskipTests install' at the repository root");
        }
        Path directory = newDirectory(parent, "task-");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(deploymentPackage))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IllegalStateException(deploymentPackage + " holds " + entry.getName() + ", which points outside its folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + deploymentPackage + " into " + directory, e);
        }
        return new TaskRoot(directory);
    }

    /** A task root holding only these classes' class files (and nothing they depend on): a handler that needs only the runtime. */
    public static TaskRoot ofClasses(Path parent, Class<?>... classes) {
        Path directory = newDirectory(parent, "task-");
        for (Class<?> type : classes) {
            String file = type.getName().replace('.', '/') + ".class";
            try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("No class file for " + type.getName());
                }
                Path target = directory.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TaskRoot(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Deletes the folder. */
    @Override
    public void close() {
        delete(directory);
    }

    static Path newDirectory(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
