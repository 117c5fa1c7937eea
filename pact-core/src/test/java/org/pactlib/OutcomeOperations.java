package org.pactlib;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jetbrains.lincheck.datastructures.Operation;

/**
 * The Lincheck operations that pacts and groups share, on the pact {@link #target()} returns:
 * {@code cancel}, {@code fail}, {@code then} and {@code lastly} callbacks that log themselves,
 * {@code state}, {@code isFinished}, a future's {@code complete} and {@code cancel} (each returning the
 * state after it), and {@code outcome}, which reads the callbacks' log only once the pact's future
 * completed (callbacks run after the outcome is recorded and before futures complete), so that it is
 * exact under concurrency too. {@link OutcomeSpecification} says what they mean.
 *
 * <p>Each callback logs whether the end ran it or it ran at once, inside the call that added it (it
 * was added after the end). Only the callbacks the end ran are ordered (every {@code then} before any
 * {@code lastly}): one added while another thread runs the end's callbacks runs at once on its own
 * thread, possibly before them, as a {@code CompletableFuture}'s dependents do.
 */
public abstract class OutcomeOperations {

	private final Queue<String> log = new ConcurrentLinkedQueue<>();

	private final Queue<String> ranAtOnce = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<Boolean> adding = ThreadLocal.withInitial(() -> false);

	/**
	 * Returns the pact or group the operations act on; the same one on every call.
	 */
	abstract PactBase target();

	@Operation
	public boolean cancel() {
		return target().cancel();
	}

	@Operation
	public boolean fail() {
		return target().fail("permission denied");
	}

	@Operation
	public void then() {
		this.adding.set(true);
		try {
			target().then(() -> logRun("then"));
		}
		finally {
			this.adding.set(false);
		}
	}

	@Operation
	public void lastly() {
		this.adding.set(true);
		try {
			target().lastly(() -> logRun("lastly"));
		}
		finally {
			this.adding.set(false);
		}
	}

	private void logRun(String callback) {
		(this.adding.get() ? this.ranAtOnce : this.log).add(callback);
	}

	@Operation
	public PactState state() {
		return target().state();
	}

	@Operation
	public boolean isFinished() {
		return target().isFinished();
	}

	@Operation
	public PactState completeFuture() {
		target().toCompletableFuture().complete(null);
		return target().state();
	}

	@Operation
	public PactState cancelFuture() {
		target().toCompletableFuture().cancel(false);
		return target().state();
	}

	@Operation
	public String outcome() {
		PactState state = target().state();
		if (state == PactState.PENDING) {
			return "PENDING";
		}
		target().toCompletableFuture().handle((result, failure) -> null).join();
		return OutcomeSpecification.describe(state, this.log, this.ranAtOnce);
	}

}
