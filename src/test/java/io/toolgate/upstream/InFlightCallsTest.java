package io.toolgate.upstream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a call in flight: what it stops and whom it tells; and which caller a session's stray request is for. */
class InFlightCallsTest {

    private final InFlightCalls calls = new InFlightCalls();
    private final AtomicInteger told = new AtomicInteger();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void cancellingBeforeTheResponseIsReadInterruptsTheCaller() {
        RecordingListener caller = new RecordingListener();
        InFlightCall call = calls.begin(caller, told::incrementAndGet);
        caller.cancel.run();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(told).hasValue(1);
        assertThat(call.reading(() -> { })).as("a cancelled call is not read").isFalse();
        assertThat(InFlightCall.interrupted(call)).hasMessage("cancelled by the caller");
        calls.end(call, caller);
        assertThat(Thread.currentThread().isInterrupted()).as("the cancel's interrupt is cleared").isFalse();
    }

    @Test
    void cancellingWhileTheResponseIsReadAbortsTheReadOnce() {
        RecordingListener caller = new RecordingListener();
        InFlightCall call = calls.begin(caller, told::incrementAndGet);
        AtomicInteger aborted = new AtomicInteger();
        assertThat(call.reading(aborted::incrementAndGet)).isTrue();
        caller.cancel.run();
        caller.cancel.run();
        assertThat(aborted).hasValue(1);
        assertThat(told).hasValue(1);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        calls.end(call, caller);
    }

    @Test
    void cancellingAnEndedCallDoesNothing() {
        RecordingListener caller = new RecordingListener();
        InFlightCall call = calls.begin(caller, told::incrementAndGet);
        calls.end(call, caller);
        caller.cancel.run();
        assertThat(told).hasValue(0);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(call.cancelled()).isFalse();
    }

    @Test
    void anInterruptWithoutCancelIsKept() {
        assertThat(InFlightCall.interrupted(null)).hasMessage("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void onlyTheSoleCallerInFlightIsKnown() {
        assertThat(calls.soleCaller()).isNull();
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        InFlightCall one = calls.begin(first, () -> { });
        assertThat(calls.soleCaller()).isSameAs(first);
        InFlightCall two = calls.begin(second, () -> { });
        assertThat(calls.soleCaller()).isNull();
        calls.end(one, first);
        assertThat(calls.soleCaller()).isSameAs(second);
        calls.end(two, second);
        assertThat(calls.soleCaller()).isNull();
    }
}
