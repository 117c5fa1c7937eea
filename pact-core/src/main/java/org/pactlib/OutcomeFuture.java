package org.pactlib;

import java.util.concurrent.CompletableFuture;

/**
 * A future of the outcome whose cancellation cancels the pact, unless it was done already.
 */
final class OutcomeFuture extends CompletableFuture<Void> {

	private final PactOutcome pact;

	OutcomeFuture next;

	OutcomeFuture(PactOutcome pact) {
		this.pact = pact;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		if (isDone()) {
			return isCancelled();
		}
		this.pact.cancelQuietly();
		return super.cancel(mayInterruptIfRunning) || isCancelled();
	}

}
