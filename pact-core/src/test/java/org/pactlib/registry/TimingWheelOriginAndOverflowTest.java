package org.pactlib.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.pactlib.registry.TimingWheelTest.TestTask;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timing wheel counts ticks from its origin, whatever that origin is; due times so far from it
 * that the difference overflows a {@code long} are taken as the end or the start of time; and a task
 * in the very first bucket is unlinked like any other.
 */
class TimingWheelOriginAndOverflowTest {

	private static final long TICK = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long ORIGIN = TimeUnit.SECONDS.toNanos(1000);

	private final List<EngineTask> fired = new ArrayList<>();

	private static TestTask taskDueAt(long nanos) {
		TestTask task = new TestTask();
		task.dueNanos = nanos;
		task.transition(EngineTask.IDLE, EngineTask.IN_WHEEL);
		return task;
	}

	@Test
	void aTaskFiresAtItsTickCountedFromAnOriginThatIsNotZero() {
		TimingWheel wheel = new TimingWheel(ORIGIN, TICK);
		assertThat(wheel.place(taskDueAt(ORIGIN))).as("due at the origin").isFalse();
		assertThat(wheel.place(taskDueAt(ORIGIN - 5 * TICK))).as("due before the origin").isFalse();
		TestTask task = taskDueAt(ORIGIN + 5 * TICK);
		assertThat(wheel.place(task)).isTrue();
		wheel.advance(ORIGIN + 4 * TICK, this.fired::add);
		assertThat(this.fired).isEmpty();
		wheel.advance(ORIGIN + 5 * TICK, this.fired::add);
		assertThat(this.fired).containsExactly(task);
	}

	@Test
	void aTaskMoreThanOneLevelAheadFiresAtItsTickWhenTimeMovesTickByTick() {
		TimingWheel wheel = new TimingWheel(0, TICK);
		TestTask task = taskDueAt(100 * TICK);
		assertThat(wheel.place(task)).isTrue();
		for (long tick = 1; tick < 100; tick++) {
			wheel.advance(tick * TICK, this.fired::add);
		}
		assertThat(this.fired).isEmpty();
		wheel.advance(100 * TICK, this.fired::add);
		assertThat(this.fired).containsExactly(task);
	}

	@Test
	void aDueTimeWhoseDistanceFromANegativeOriginOverflowsIsAtTheEndOfTime() {
		TimingWheel wheel = new TimingWheel(-ORIGIN, TICK);
		TestTask task = taskDueAt(Long.MAX_VALUE);
		assertThat(wheel.place(task)).isTrue();
		wheel.advance(Long.MAX_VALUE / 2, this.fired::add);
		assertThat(this.fired).isEmpty();
		assertThat(wheel.size()).isOne();
	}

	@Test
	void aDueTimeWhoseDistanceBeforeAPositiveOriginOverflowsIsDueAtOnce() {
		TimingWheel wheel = new TimingWheel(ORIGIN, TICK);
		assertThat(wheel.place(taskDueAt(Long.MIN_VALUE + 1))).isFalse();
		wheel.advance(Long.MIN_VALUE + 1, this.fired::add);
		assertThat(this.fired).isEmpty();
		assertThat(wheel.size()).isZero();
	}

	@Test
	void aTaskInTheFirstBucketIsUnlinkedAndNeverFires() {
		TimingWheel wheel = new TimingWheel(0, TICK);
		wheel.advance(10 * TICK, this.fired::add);
		TestTask task = taskDueAt(64 * TICK);
		assertThat(wheel.place(task)).isTrue();
		assertThat(task.wheelBucket).as("level 0, slot 0").isZero();
		wheel.unlink(task);
		assertThat(wheel.size()).isZero();
		assertThat(task.wheelBucket).isEqualTo(-1);
		wheel.advance(64 * TICK, this.fired::add);
		assertThat(this.fired).isEmpty();
	}

}
