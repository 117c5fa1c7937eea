package org.pactlib.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.pactlib.LincheckRuns;
import org.pactlib.VirtualClock;

/**
 * The registry's entry state machine ({@link EngineTask} in a {@link PollingEngine}) under every
 * interleaving of two threads (model checking) and under real races (stress), checked against
 * {@link EngineTaskSpecification}: wake-ups ({@code request}), runs on the caller's thread
 * ({@code runDue}, as {@code backgroundPolling(false)} does), the due time passing ({@code advance})
 * and {@code cancel} race on one task that waits three ticks between runs. No request is lost (every one
 * made before a run is served by it or the next), a task is never linked twice into the inbox, the
 * wheel or the ready queue (it would run twice or never), and a cancelled task never runs again.
 *
 * <p>The engine starts no poller thread ({@code maxPollers} 0), so every run is on a test thread.
 * {@code -Dlincheck.deep=true} explores many more scenarios.
 */
public class EngineTaskLincheckTest {

	private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long INTERVAL = 3 * TICK;

	private final VirtualClock clock = new VirtualClock();

	private final PollingEngine engine = new PollingEngine(this.clock, TICK, 0, 3 * TICK,
			TimeUnit.SECONDS.toNanos(30), (runnable) -> {
				throw new AssertionError("no poller may start");
			}, (task, thread, nanos) -> {
			});

	private final ServingTask task = new ServingTask();

	public EngineTaskLincheckTest() {
		this.engine.submit(this.task);
	}

	@Operation
	public void request() {
		if (!this.task.isDone()) {
			this.task.requests.incrementAndGet();
			this.engine.wake(this.task);
		}
	}

	@Operation
	public void runDue() {
		this.engine.runDueTasks();
	}

	@Operation
	public void advance() {
		this.clock.advance(Duration.ofNanos(INTERVAL + TICK));
	}

	@Operation
	public void cancel() {
		this.engine.cancel(this.task);
	}

	@Operation
	public int served() {
		return this.task.served.get();
	}

	@Operation
	public boolean isDone() {
		return this.task.isDone();
	}

	@Test
	void modelChecking() {
		LincheckRuns.modelChecking(EngineTaskSpecification.class).check(getClass());
	}

	/**
	 * The race the state machine exists for, explored in every interleaving: a wake-up that comes
	 * while the task runs, after the run read its requests, must give one more run right after; the
	 * task is not due again for three ticks, so only that run can serve it.
	 */
	@Test
	void aWakeUpDuringARunGivesOneMoreRun() {
		LincheckRuns.counterexample(EngineTaskSpecification.class, getClass(), List.of(),
				List.of(List.of("runDue"), List.of("request")), List.of("runDue", "served"))
			.check(getClass());
	}

	@Test
	void stress() {
		LincheckRuns.stress(EngineTaskSpecification.class).check(getClass());
	}

	/**
	 * A task whose run serves every request made so far, and asks to run again three ticks later.
	 */
	static final class ServingTask extends EngineTask {

		final AtomicInteger requests = new AtomicInteger();

		final AtomicInteger served = new AtomicInteger();

		@Override
		long run(long nowNanos) {
			this.served.addAndGet(this.requests.getAndSet(0));
			return nowNanos + INTERVAL;
		}

		@Override
		long runFailed(Throwable failure, long nowNanos) {
			throw new AssertionError("the run threw", failure);
		}

	}

}
