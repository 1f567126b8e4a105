package dev.lifeboat.local.frontdoor;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoServer;
import dev.lifeboat.local.invoke.FunctionInvoker;
import dev.lifeboat.local.template.RepoRoot;
import dev.lifeboat.local.template.Template;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests that run the template's state machines: one moto server per test
 * JVM whose interpreter sends its calls to a {@link FrontDoor} (moto's {@code MOTO_PORT}), which
 * runs the template's functions in-process. Before every test, moto is reset with state machine
 * execution switched on, and the front door forgets its routes and refusals. Test parameters:
 * {@link FrontDoor}, {@link MotoServer}, and an {@link Emulator} whose endpoint is the front door
 * (so that what the test does passes the same door as what the workflow does).
 */
public final class FrontDoorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** Moto's option that makes StartExecution run the state machine through its ASL interpreter. */
    public static final String EXECUTE_STATE_MACHINES = "{\"stepfunctions\": {\"execute_state_machine\": true}}";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FrontDoorExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Running running = running(context);
        running.moto().reset();
        running.moto().configure(EXECUTE_STATE_MACHINES);
        running.door().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == FrontDoor.class || type == MotoServer.class || type == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Running running = running(extension);
        Class<?> type = parameter.getParameter().getType();
        return type == FrontDoor.class ? running.door() : type == MotoServer.class ? running.moto() : running.emulator();
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        Template template = Template.loadFrom(RepoRoot.find());
        int doorPort = MotoServer.freePort();
        MotoServer moto = MotoServer.start(Optional.of(doorPort), Optional.of(Path.of("target", "moto-front-door.log")));
        FrontDoor[] door = new FrontDoor[1];
        door[0] = FrontDoor.start(doorPort, moto.endpoint(), template,
                parameters -> new FunctionInvoker(template, parameters, Map.of("AWS_ENDPOINT_URL", door[0].endpoint().toString())));
        return new Running(moto, door[0], new Emulator(door[0].endpoint()));
    }

    private record Running(MotoServer moto, FrontDoor door, Emulator emulator) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            door.close();
            moto.close();
        }
    }
}
