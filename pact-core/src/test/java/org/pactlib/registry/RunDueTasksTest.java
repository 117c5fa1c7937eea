package org.pactlib.registry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.VirtualClock;
import org.pactlib.registry.PollingEngineTest.CountingTask;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine without pollers, driven by {@link PollingEngine#runDueTasks()} on the caller's thread:
 * every due task runs once per call, the count returned is exactly the runs made (a task cancelled
 * while queued is neither run nor counted), and the engine's lock is free again afterwards.
 */
class RunDueTasksTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final VirtualClock clock = new VirtualClock();

	private final PollingEngine engine = new PollingEngine(this.clock, TimeUnit.MILLISECONDS.toNanos(10), 0,
			SECOND, SECOND, Thread::new, (task, thread, nanos) -> {
			});

	@AfterEach
	void stop() throws InterruptedException {
		assertThat(this.engine.stop(SECOND)).isTrue();
	}

	@Test
	void returnsHowManyTasksRanAndSkipsOneCancelledWhileQueued() {
		CountingTask[] tasks = { new CountingTask((now) -> EngineTask.DONE_RUNNING),
				new CountingTask((now) -> EngineTask.DONE_RUNNING), new CountingTask((now) -> now + SECOND) };
		CountingTask cancelled = new CountingTask((now) -> EngineTask.DONE_RUNNING);
		for (CountingTask task : tasks) {
			this.engine.submit(task);
		}
		this.engine.submit(cancelled);
		this.engine.cancel(cancelled);

		assertThat(this.engine.runDueTasks()).isEqualTo(3);
		assertThat(cancelled.runs()).isZero();
		assertThat(this.engine.runDueTasks()).as("nothing due").isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.engine.runDueTasks()).as("the task due again").isOne();
		assertThat(tasks[2].runs()).isEqualTo(2);
	}

	@Test
	void theEngineIsFreeForAnotherThreadAfterTheseCalls() throws InterruptedException {
		this.engine.schedule(new CountingTask((now) -> EngineTask.DONE_RUNNING), this.clock.nanoTime() + SECOND);
		this.engine.runDueTasks();
		assertThat(this.engine.wheelSize()).isOne();
		Thread other = new Thread(this.engine::tick, "run-due-tasks-test-ticker");
		other.start();
		other.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(other.isAlive()).as("a tick on another thread").isFalse();
	}

}
