package io.toolgate.error;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A hook failed with an exception other than {@code ExecutionDenied}; the caller sees no detail of it. */
public class HookFailedException extends GatewayException {

    public HookFailedException(ObjectNode details, Throwable cause) {
        super("hook_error", "A gateway hook failed while handling this call.", details, cause);
    }
}
