package org.pactlib.registry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timing wheel alone, on a single thread: every task fires at its tick, never before and never
 * later, whatever the level it started in and however far time jumps.
 */
class TimingWheelTest {

	private static final long TICK = 10;

	private final TimingWheel wheel = new TimingWheel(0, TICK);

	private final List<EngineTask> fired = new ArrayList<>();

	private static TestTask taskDueAt(long nanos) {
		TestTask task = new TestTask();
		task.dueNanos = nanos;
		task.transition(EngineTask.IDLE, EngineTask.IN_WHEEL);
		return task;
	}

	@Test
	void everyTaskFiresAtItsTickWhenTimeMovesTickByTick() {
		long[] dues = { 1, 10, 11, 63 * TICK, 64 * TICK, 65 * TICK, 4095 * TICK, 4096 * TICK, 4097 * TICK,
				262_144 * TICK + 5, 1_000_000 * TICK };
		List<TestTask> tasks = new ArrayList<>();
		for (long due : dues) {
			TestTask task = taskDueAt(due);
			assertThat(this.wheel.place(task)).isTrue();
			tasks.add(task);
		}
		assertThat(this.wheel.size()).isEqualTo(dues.length);
		for (long now = 0; now <= 1_000_000 * TICK; now += TICK) {
			long tick = now;
			this.wheel.advance(now, (task) -> {
				assertThat(task.dueNanos).as("fired at %d", tick).isLessThanOrEqualTo(tick).isGreaterThan(tick - TICK);
				this.fired.add(task);
			});
		}
		assertThat(this.fired).containsExactlyInAnyOrderElementsOf(tasks);
		assertThat(this.wheel.size()).isZero();
	}

	@Test
	void aJumpFarAheadFiresEverythingDueAndKeepsTheRest() {
		List<TestTask> due = new ArrayList<>();
		for (long i = 1; i <= 10_000; i++) {
			TestTask task = taskDueAt(i * 997 * TICK);
			this.wheel.place(task);
			if (task.dueNanos <= 5_000_000 * TICK) {
				due.add(task);
			}
		}
		this.wheel.advance(5_000_000 * TICK, this.fired::add);
		assertThat(this.fired).containsExactlyInAnyOrderElementsOf(due);
		assertThat(this.wheel.size()).isEqualTo(10_000 - due.size());
		this.wheel.advance(Long.MAX_VALUE, this.fired::add);
		assertThat(this.fired).hasSize(10_000);
	}

	@Test
	void aTaskDueByNowIsNotPlacedAndATimeInThePastChangesNothing() {
		this.wheel.advance(100 * TICK, this.fired::add);
		assertThat(this.wheel.place(taskDueAt(100 * TICK))).isFalse();
		assertThat(this.wheel.place(taskDueAt(-5))).isFalse();
		TestTask later = taskDueAt(101 * TICK);
		assertThat(this.wheel.place(later)).isTrue();
		this.wheel.advance(50 * TICK, this.fired::add);
		assertThat(this.fired).isEmpty();
		this.wheel.advance(101 * TICK, this.fired::add);
		assertThat(this.fired).containsExactly(later);
	}

	@Test
	void unlinkedTasksAndTasksThatLeftTheWheelAreNotFired() {
		TestTask unlinked = taskDueAt(5 * TICK);
		TestTask woken = taskDueAt(5 * TICK);
		TestTask kept = taskDueAt(5 * TICK);
		this.wheel.place(unlinked);
		this.wheel.place(woken);
		this.wheel.place(kept);
		this.wheel.unlink(unlinked);
		this.wheel.unlink(unlinked);
		woken.transition(EngineTask.IN_WHEEL, EngineTask.WOKEN);
		this.wheel.advance(10 * TICK, this.fired::add);
		assertThat(this.fired).containsExactly(kept);
		assertThat(this.wheel.size()).isZero();
		assertThat(woken.wheelBucket).isEqualTo(-1);
	}

	@Test
	void dueTimesNearTheEndOfTimeDoNotOverflow() {
		TestTask last = taskDueAt(Long.MAX_VALUE - TICK);
		assertThat(this.wheel.place(last)).isTrue();
		this.wheel.advance(Long.MAX_VALUE / 2, this.fired::add);
		assertThat(this.fired).isEmpty();
		this.wheel.advance(Long.MAX_VALUE, this.fired::add);
		assertThat(this.fired).containsExactly(last);
	}

	static final class TestTask extends EngineTask {

		@Override
		long run(long nowNanos) {
			return DONE_RUNNING;
		}

		@Override
		long runFailed(Throwable failure, long nowNanos) {
			return DONE_RUNNING;
		}

	}

}
