package dev.lifeboat.local.emulator;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one moto server per test JVM on a free loopback port, reset before every
 * test, and an {@link Emulator} for test parameters. Without {@code moto_server} installed, every
 * test using it fails with the install command.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).moto().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Emulator.class || type == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) throws ParameterResolutionException {
        Running running = server(extension);
        return parameter.getParameter().getType() == MotoServer.class ? running.moto() : running.emulator();
    }

    private static Running server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> {
            MotoServer moto = MotoServer.start(Optional.empty(), Optional.of(Path.of("target", "moto.log")));
            return new Running(moto, new Emulator(moto.endpoint()));
        }, Running.class);
    }

    private record Running(MotoServer moto, Emulator emulator) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            moto.close();
        }
    }
}
