package dev.lifeboat.shared.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on how an event is rejected: by the field it names, in a message safe to log. */
final class Rejection {

    /** Longest message a rejection may carry, whatever the size of the input. */
    static final int MAX_MESSAGE = 400;

    private Rejection() {
    }

    /** The {@link InvalidEventException} {@code call} throws; fails the test if it throws nothing or something else. */
    static InvalidEventException of(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the rejection").isInstanceOf(InvalidEventException.class);
        return (InvalidEventException) thrown;
    }

    /** True when {@code message} fits a log line: no control characters, bounded length. */
    static boolean isSafeToLog(String message) {
        return message.length() < MAX_MESSAGE && message.chars().noneMatch(Character::isISOControl);
    }
}
