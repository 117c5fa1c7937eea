package org.pactlib;

import java.time.Duration;

/**
 * Thrown by {@code await} when a pact or group did not finish in time. Its message is the seed's:
 * {@code Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>}.
 */
public class TimeoutExpiredException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient PactBase pact;

	private final Duration timeout;

	/**
	 * Creates an exception with the given message and nothing else known.
	 * @param message the detail message
	 */
	public TimeoutExpiredException(String message) {
		super(message);
		this.pact = null;
		this.timeout = null;
	}

	/**
	 * Creates the exception that an {@code await} of {@code pact} throws after waiting {@code timeout}.
	 * @param pact the pact or group that was awaited
	 * @param timeout how long the {@code await} waited
	 * @param timeoutText {@code timeout} in seconds as it appears in the message
	 */
	TimeoutExpiredException(PactBase pact, Duration timeout, String timeoutText) {
		super("Timeout of " + timeoutText + " seconds expired waiting for " + pact);
		this.pact = pact;
		this.timeout = timeout;
	}

	/**
	 * Returns the pact or group whose {@code await} timed out.
	 * @return the awaited pact, or {@code null} when this exception was created from a message only
	 */
	public PactBase getPact() {
		return this.pact;
	}

	/**
	 * Returns how long the {@code await} waited before giving up.
	 * @return the time waited, or {@code null} when this exception was created from a message only
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
