package org.pactlib;

/**
 * Thrown by {@code await} (and by {@code poll} while it waits for another thread's poll of the same
 * pact) when the calling thread is interrupted. The thread's interrupt flag is set again before this is
 * thrown, so code further up still sees the interruption.
 */
public class PactInterruptedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception for an interrupted wait on {@code pact}.
	 * @param pact the pact or group that was being waited for
	 * @param cause the interruption
	 */
	PactInterruptedException(PactBase pact, InterruptedException cause) {
		super("Interrupted while waiting for " + pact, cause);
	}

}
