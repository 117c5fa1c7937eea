package org.pactlib;

import java.time.Duration;
import java.util.List;

/**
 * Thrown by {@code await} when a pact or group did not finish in time. Its message is the seed's:
 * {@code Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>}. What was still pending is
 * kept as data ({@link #getPending()}) and made readable for a log by {@link #describe()}.
 */
public class TimeoutExpiredException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient PactBase pact;

	private final Duration timeout;

	private final transient List<PendingPact> pending;

	/**
	 * Creates an exception with the given message and nothing else known.
	 * @param message the detail message
	 */
	public TimeoutExpiredException(String message) {
		super(message);
		this.pact = null;
		this.timeout = null;
		this.pending = List.of();
	}

	TimeoutExpiredException(PactBase pact, Duration timeout, String timeoutText) {
		this(pact, timeout, timeoutText, List.of());
	}

	TimeoutExpiredException(PactBase pact, Duration timeout, String timeoutText, List<PendingPact> pending) {
		super("Timeout of " + timeoutText + " seconds expired waiting for " + pact);
		this.pact = pact;
		this.timeout = timeout;
		this.pending = List.copyOf(pending);
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

	/**
	 * Returns the pacts that were still pending when the wait timed out: the awaited pact itself, or
	 * the pending pacts of the awaited group and of its nested groups, in order.
	 * @return an immutable list, empty when this exception was created from a message only
	 */
	public List<PendingPact> getPending() {
		return (this.pending != null) ? this.pending : List.of();
	}

	/**
	 * Returns the message followed by one line per pending pact, for a log:
	 * <pre>
	 * Timeout of 10 seconds expired waiting for [&lt;Pact: Deleting /huge&gt;]
	 *   pending: &lt;Pact: Deleting /huge&gt; (0 of 1 conditions held), last ignored: java.io.IOException: busy
	 * </pre>
	 * @return the readable description
	 */
	public String describe() {
		StringBuilder text = new StringBuilder(getMessage());
		for (PendingPact pendingPact : getPending()) {
			text.append(System.lineSeparator()).append("  pending: ").append(pendingPact);
		}
		return text.toString();
	}

}
