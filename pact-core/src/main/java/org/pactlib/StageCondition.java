package org.pactlib;

import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The condition of {@link Pact#untilComplete}: holds once a stage completed normally, and fails the
 * pact once it completed exceptionally.
 */
final class StageCondition implements BooleanSupplier, Pact.FailureCheck {

	private volatile boolean completed;

	private volatile Throwable failure;

	/**
	 * Records the stage's completion.
	 * @param failure why it failed, or {@code null} if it completed normally
	 */
	void complete(Throwable failure) {
		this.failure = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		this.completed = true;
	}

	@Override
	public boolean getAsBoolean() {
		return this.completed && this.failure == null;
	}

	@Override
	public PactFailedException failure(Pact pact) {
		Throwable cause = this.failure;
		return (cause != null) ? new PactFailedException(pact, "the stage it waited for failed: " + cause, cause)
				: null;
	}

}
