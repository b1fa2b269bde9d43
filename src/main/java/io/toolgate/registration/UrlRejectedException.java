package io.toolgate.registration;

/** A URL the {@link UrlGuard} refuses; the message says why and never contains the URL's userinfo or query. */
public final class UrlRejectedException extends Exception {

    public UrlRejectedException(String message) {
        super(message);
    }
}
