package io.toolgate.upstream;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The calls in flight in one upstream session, known by their callers' listeners. */
final class InFlightCalls {

    private final Set<UpstreamListener> callers = ConcurrentHashMap.newKeySet();

    /**
     * Starts a call for {@code caller} on the calling thread and hands the caller its cancel; {@code tellUpstream} runs
     * if the caller cancels.
     */
    InFlightCall begin(UpstreamListener caller, Runnable tellUpstream) {
        InFlightCall call = new InFlightCall(tellUpstream);
        caller.started(call);
        callers.add(caller);
        return call;
    }

    void end(InFlightCall call, UpstreamListener caller) {
        callers.remove(caller);
        call.finish();
    }

    /**
     * The caller a message outside any request belongs to: the only one with a call in flight, or null when there are
     * none or several (the upstream did not say which it relates to).
     */
    UpstreamListener soleCaller() {
        Iterator<UpstreamListener> it = callers.iterator();
        UpstreamListener first = it.hasNext() ? it.next() : null;
        return it.hasNext() ? null : first;
    }
}
