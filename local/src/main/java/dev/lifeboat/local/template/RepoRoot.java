package dev.lifeboat.local.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Lifeboat repository (the folder holding {@code template.yaml}): {@code LIFEBOAT_HOME},
 * else the {@code lifeboat.repo} system property (the build sets it for tests), else the first
 * folder up from the working directory that has one.
 */
public final class RepoRoot {

    private RepoRoot() {
    }

    /** The repository root for this process. */
    public static Path find() {
        return find(System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    /** The repository root given an environment and a working directory. */
    public static Path find(Map<String, String> environment, Path workingDirectory) {
        String home = environment.get("LIFEBOAT_HOME");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(Template.FILE_NAME))) {
                throw new IllegalStateException("LIFEBOAT_HOME is " + root + ", which holds no " + Template.FILE_NAME);
            }
            return root;
        }
        Stream<Path> candidates = Stream.concat(
                Optional.ofNullable(System.getProperty("lifeboat.repo")).filter(p -> !p.isBlank()).map(Path::of).stream(),
                Stream.iterate(workingDirectory.toAbsolutePath().normalize(), p -> p != null, Path::getParent));
        return candidates.filter(dir -> Files.isRegularFile(dir.resolve(Template.FILE_NAME)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + Template.FILE_NAME + " in " + workingDirectory.toAbsolutePath()
                        + " or any folder above it: run from inside the Lifeboat repository or set LIFEBOAT_HOME"));
    }
}
