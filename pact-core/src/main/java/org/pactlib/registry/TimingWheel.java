package org.pactlib.registry;

import java.util.function.Consumer;

/**
 * A hierarchical timing wheel: finds the tasks whose due time has come in O(1) per task, whatever their
 * number. Six levels of 64 buckets; a bucket of level {@code k} spans {@code 64^k} ticks, so a task
 * lands in the coarsest level that still tells it apart from now and moves down a level each time its
 * bucket comes round, until it is due. Advancing the wheel visits at most 64 buckets per level, so a
 * clock that jumps far ahead (a virtual clock) costs no more than one that ticks.
 *
 * <p>Not thread-safe: one owner (whoever holds the engine's wheel lock) places, unlinks and advances.
 * Only tasks in state {@link EngineTask#IN_WHEEL} belong here; a task met in a bucket in another state
 * has been taken elsewhere and is dropped.
 */
final class TimingWheel {

	private static final int BITS_PER_LEVEL = 6;

	private static final int BUCKETS_PER_LEVEL = 1 << BITS_PER_LEVEL;

	private static final int LEVELS = 6;

	private static final long SPAN = 1L << (BITS_PER_LEVEL * LEVELS);

	private final EngineTask[] buckets = new EngineTask[BUCKETS_PER_LEVEL * LEVELS];

	private final long originNanos;

	private final long tickNanos;

	private long currentTick;

	private int size;

	/**
	 * Creates an empty wheel.
	 * @param originNanos the time of tick zero, on the engine's clock
	 * @param tickNanos the length of one tick, positive
	 */
	TimingWheel(long originNanos, long tickNanos) {
		this.originNanos = originNanos;
		this.tickNanos = tickNanos;
	}

	/**
	 * Returns how many tasks the wheel links.
	 */
	int size() {
		return this.size;
	}

	/**
	 * Links a task at its {@link EngineTask#dueNanos due time}, unless that time is no later than the
	 * current tick.
	 * @return {@code false} if the task is due already (it is then not linked)
	 */
	boolean place(EngineTask task) {
		long tick = tickAtOrAfter(task.dueNanos);
		if (tick <= this.currentTick) {
			return false;
		}
		task.wheelTick = tick;
		link(task, tick);
		return true;
	}

	/**
	 * Removes a task from its bucket, if it is in one.
	 */
	void unlink(EngineTask task) {
		int bucket = task.wheelBucket;
		if (bucket < 0) {
			return;
		}
		EngineTask prev = task.wheelPrev;
		EngineTask next = task.wheelNext;
		if (prev == null) {
			this.buckets[bucket] = next;
		}
		else {
			prev.wheelNext = next;
		}
		if (next != null) {
			next.wheelPrev = prev;
		}
		task.wheelPrev = null;
		task.wheelNext = null;
		task.wheelBucket = -1;
		this.size--;
	}

	/**
	 * Moves the wheel to {@code nowNanos} and hands every task whose tick has come to {@code expired},
	 * unlinked; tasks not due yet move down to finer levels.
	 * @param nowNanos the engine's time now (a time before the current tick changes nothing)
	 * @param expired receives each due task, in state {@link EngineTask#IN_WHEEL} when it was met
	 */
	void advance(long nowNanos, Consumer<EngineTask> expired) {
		long now = tickAtOrBefore(nowNanos);
		long previous = this.currentTick;
		if (now <= previous) {
			return;
		}
		this.currentTick = now;
		for (int level = 0; level < LEVELS; level++) {
			int shift = level * BITS_PER_LEVEL;
			long from = previous >>> shift;
			long to = now >>> shift;
			if (from == to) {
				break;
			}
			long count = Math.min(to - from, BUCKETS_PER_LEVEL);
			for (long slot = to - count + 1; slot <= to; slot++) {
				expire(level * BUCKETS_PER_LEVEL + (int) (slot & (BUCKETS_PER_LEVEL - 1)), expired);
			}
		}
	}

	private void expire(int bucket, Consumer<EngineTask> expired) {
		EngineTask task = this.buckets[bucket];
		this.buckets[bucket] = null;
		while (task != null) {
			EngineTask next = task.wheelNext;
			task.wheelPrev = null;
			task.wheelNext = null;
			task.wheelBucket = -1;
			this.size--;
			if (task.state() == EngineTask.IN_WHEEL) {
				if (task.wheelTick <= this.currentTick) {
					expired.accept(task);
				}
				else {
					link(task, task.wheelTick);
				}
			}
			task = next;
		}
	}

	private void link(EngineTask task, long tick) {
		long placed = Math.min(tick, this.currentTick + SPAN - 1);
		long delta = placed - this.currentTick;
		int level = (63 - Long.numberOfLeadingZeros(delta)) / BITS_PER_LEVEL;
		int bucket = level * BUCKETS_PER_LEVEL
				+ (int) ((placed >>> (level * BITS_PER_LEVEL)) & (BUCKETS_PER_LEVEL - 1));
		EngineTask head = this.buckets[bucket];
		task.wheelNext = head;
		task.wheelPrev = null;
		if (head != null) {
			head.wheelPrev = task;
		}
		this.buckets[bucket] = task;
		task.wheelBucket = bucket;
		this.size++;
	}

	private long tickAtOrAfter(long nanos) {
		long sinceOrigin = saturatedSubtract(nanos, this.originNanos);
		if (sinceOrigin <= 0) {
			return Math.floorDiv(sinceOrigin, this.tickNanos);
		}
		long tick = sinceOrigin / this.tickNanos;
		return (tick * this.tickNanos == sinceOrigin) ? tick : tick + 1;
	}

	private long tickAtOrBefore(long nanos) {
		return Math.floorDiv(saturatedSubtract(nanos, this.originNanos), this.tickNanos);
	}

	private static long saturatedSubtract(long a, long b) {
		long difference = a - b;
		if (((a ^ b) & (a ^ difference)) < 0) {
			return (a < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return difference;
	}

}
