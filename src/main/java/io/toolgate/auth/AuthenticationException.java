package io.toolgate.auth;

/**
 * A request the bearer-token check refused: HTTP 401 ({@code invalid_token}, or no error code when the token is
 * missing) or 403 ({@code insufficient_scope}), with a description safe to show the caller.
 */
public class AuthenticationException extends Exception {

    private final int status;
    private final String error;

    public AuthenticationException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The RFC 6750 error code, or {@code null} when no token was sent. */
    public String error() {
        return error;
    }
}
