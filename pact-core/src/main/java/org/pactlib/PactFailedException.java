package org.pactlib;

/**
 * Thrown by {@code await} when the pact or group it waits for has {@linkplain PactState#FAILED failed},
 * and the exception with which its {@link Pact#toCompletableFuture() future} completes. Its message
 * names the pact and the reason; its cause, when there is one, is what made the pact fail.
 */
public class PactFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient PactBase pact;

	private final String reason;

	/**
	 * Creates the exception for a failure of {@code pact}.
	 * @param pact the pact or group that failed
	 * @param reason why it failed
	 * @param cause what made it fail, or {@code null}
	 */
	public PactFailedException(PactBase pact, String reason, Throwable cause) {
		super(pact + " failed: " + reason, cause);
		this.pact = pact;
		this.reason = reason;
	}

	/**
	 * Returns the pact or group that failed.
	 * @return the failed pact
	 */
	public PactBase getPact() {
		return this.pact;
	}

	/**
	 * Returns why the pact failed, without the pact's name.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
