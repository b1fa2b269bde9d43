package io.toolgate.upstream;

/**
 * One request in flight, cancellable from another thread: until the transport is reading the response the calling
 * thread is interrupted (an HTTP client then abandons the exchange), afterwards the transport's abort runs. Either way
 * the upstream is then told, by {@code tellUpstream}.
 */
final class InFlightCall implements Runnable {

    private final Thread caller = Thread.currentThread();
    private final Runnable tellUpstream;
    private Runnable abort;
    private boolean done;
    private boolean cancelled;

    /** Created on the thread that sends the request and waits for its response. */
    InFlightCall(Runnable tellUpstream) {
        this.tellUpstream = tellUpstream;
    }

    /** Cancels the call: ends the wait for its response and tells the upstream; nothing once the call has ended. */
    @Override
    public void run() {
        Runnable a;
        synchronized (this) {
            if (done || cancelled) {
                return;
            }
            cancelled = true;
            a = abort;
            if (a == null) {
                caller.interrupt();
            }
        }
        if (a != null) {
            a.run();
        }
        tellUpstream.run();
    }

    /**
     * The transport reads the response now; {@code abort} ends that read.
     *
     * @return false when the call was cancelled already (the transport then stops reading)
     */
    synchronized boolean reading(Runnable abort) {
        this.abort = abort;
        return !cancelled;
    }

    /** Ends the call; clears an interrupt a late cancel may have left on the calling thread. */
    void finish() {
        synchronized (this) {
            done = true;
        }
        if (cancelled) {
            Thread.interrupted();
        }
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /**
     * The failure for a wait that was interrupted: "cancelled by the caller" when {@code call} was cancelled, else
     * "interrupted", with the thread's interrupt kept.
     */
    static UpstreamException interrupted(InFlightCall call) {
        if (call != null && call.cancelled()) {
            return UpstreamException.cancelled();
        }
        Thread.currentThread().interrupt();
        return new UpstreamException("interrupted");
    }
}
