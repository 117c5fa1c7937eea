package org.pactlib.autoconfigure.async;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.PactState;
import org.pactlib.registry.HeldRegistrations;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

/**
 * One call of an {@code @Async} method that returns a pact: the caller's pact, registered at once,
 * and the pact the body returns, which only the caller's pact polls.
 *
 * <p>The caller's pact is described as the call ({@code ExportService.purge(/data/x)}, with one
 * condition: that the body returns) until the body returns, then as the pact it returned, whose
 * conditions it shows. It is woken when the body returns and when the body's pact ends; it fails with
 * the failure of the body (what it threw, or why its pact failed), and when it ends without finishing
 * it cancels the body's pact. The stages it waits for complete normally only when the body returned a
 * pact that finished (or returned none), so that a failure landing between a poll's failure check and
 * its conditions leaves the caller's pact pending for the next poll to fail, never finished.
 */
final class PactAsyncCall {

	private final MethodInvocation invocation;

	private final PactRegistry registry;

	private final CompletableFuture<Void> bodyReturned = new CompletableFuture<>();

	private final CompletableFuture<Void> bodyEnded = new CompletableFuture<>();

	private final Pact pact;

	private volatile @Nullable PactBase returned;

	private volatile @Nullable Throwable thrown;

	PactAsyncCall(MethodInvocation invocation, PactFactory factory, String name, String description) {
		this.invocation = invocation;
		this.registry = factory.getRegistry();
		this.pact = factory.builder(description)
			.name(name)
			.failWhen(this::bodyFailed, "the @Async method failed")
			.untilComplete(this.bodyReturned)
			.untilComplete(this.bodyEnded)
			.lastly(this::cancelReturnedPactUnlessFinished)
			.create();
		this.pact.describeAs(new Pact(description).until(() -> false));
	}

	/**
	 * Returns the caller's pact.
	 */
	Pact pact() {
		return this.pact;
	}

	/**
	 * Runs the method body on the executor, unless the caller's pact ended meanwhile, and takes over
	 * the pact it returns, which is then polled only through the caller's pact. Pacts the body
	 * registers otherwise are registered when it returns.
	 */
	void runBody() {
		if (this.pact.state().isEnded()) {
			return;
		}
		PactBase result;
		try (HeldRegistrations held = this.registry.holdRegistrations()) {
			result = (PactBase) this.invocation.proceed();
			if (result != null && !held.takeOver(result)) {
				this.registry.unregister(result);
			}
		}
		catch (Throwable ex) {
			this.thrown = ex;
			this.bodyEnded.completeExceptionally(ex);
			this.bodyReturned.completeExceptionally(ex);
			return;
		}
		if (result == null) {
			this.bodyEnded.complete(null);
			this.bodyReturned.complete(null);
			return;
		}
		if (result instanceof Pact returnedPact && returnedPact != this.pact) {
			this.pact.describeAs(returnedPact);
		}
		this.returned = result;
		result.lastly(() -> bodyPactEnded(result));
		this.bodyReturned.complete(null);
		cancelReturnedPactUnlessFinished();
	}

	/**
	 * Completes the stage the caller's pact waits for as the body's pact ended: normally only if it
	 * finished, so that a poll of the caller's pact that checked the body's pact just before it failed
	 * cannot finish the caller's pact.
	 */
	private void bodyPactEnded(PactBase result) {
		if (result.isFinished()) {
			this.bodyEnded.complete(null);
		}
		else {
			PactFailedException failure = result.getFailure();
			this.bodyEnded.completeExceptionally((failure != null) ? failure
					: new CancellationException(result + " was cancelled"));
		}
	}

	/**
	 * Checked first on every poll of the caller's pact: polls the body's pact and throws, naming the
	 * caller's pact, the body's own failure.
	 */
	private boolean bodyFailed() {
		Throwable thrown = this.thrown;
		if (thrown != null) {
			throw new PactFailedException(this.pact, String.valueOf(thrown), thrown);
		}
		PactBase result = this.returned;
		if (result == null) {
			return false;
		}
		if (!result.state().isEnded()) {
			result.tryPoll();
		}
		PactState state = result.state();
		if (state == PactState.FAILED) {
			PactFailedException failure = result.getFailure();
			throw new PactFailedException(this.pact, failure.getReason(),
					(failure.getCause() != null) ? failure.getCause() : failure);
		}
		if (state == PactState.CANCELLED) {
			throw new PactFailedException(this.pact, result + " was cancelled",
					new CancellationException(result + " was cancelled"));
		}
		return false;
	}

	/**
	 * Cancels the pact the body returned once the caller's pact has ended without finishing
	 * (cancelled, failed, dropped when overdue, cancelled at shutdown): nobody would poll it again.
	 */
	private void cancelReturnedPactUnlessFinished() {
		PactBase result = this.returned;
		if (result != null && this.pact.state().isEnded() && !this.pact.isFinished()) {
			result.cancel();
		}
	}

}
