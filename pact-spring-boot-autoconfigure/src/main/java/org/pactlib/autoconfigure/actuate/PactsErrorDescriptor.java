package org.pactlib.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The body of a {@code 400 Bad Request} answer of the {@code pacts} endpoint.
 *
 * @param status {@code 400}
 * @param error {@code Bad Request}
 * @param message which parameter was wrong, its value, and what it accepts
 */
public record PactsErrorDescriptor(int status, String error, String message) implements OperationResponseBody {

}
