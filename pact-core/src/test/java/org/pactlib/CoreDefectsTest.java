package org.pactlib;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Regression tests of the defects of issue 7 in pacts, groups and clocks (no registry): cancelling groups,
 * what ended pacts and groups keep reachable, what large groups allocate, futures, and the virtual clock.
 * Each test names the behaviour it guarantees and the defect it covers; each failed on the engine the issue
 * was filed against.
 *
 * <p>Costs are measured in bytes allocated by the current thread ({@code ThreadMXBean#getThreadAllocatedBytes}),
 * never in time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoreDefectsTest {

	private static final com.sun.management.ThreadMXBean THREADS =
			(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).as("executor terminated").isTrue();
	}

	private static long allocatedBytes() {
		return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	private static void assumeAllocationsMeasurable() {
		assumeThat(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled())
			.as("this JVM measures the bytes each thread allocates").isTrue();
	}

	/** Runs the garbage collector until {@code references} are all cleared, for at most 10 seconds. */
	private static void awaitCollected(List<? extends WeakReference<?>> references, String what) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			System.gc();
			assertThat(references.stream().filter((reference) -> reference.get() != null).count())
				.as("%s (of %d) still reachable after a GC", what, references.size())
				.isZero();
		});
	}

	// ------------------------------------------------------------------------------------------------
	// defect 3: cancelling a group whose lastly throws cancels its members
	// ------------------------------------------------------------------------------------------------

	/** Defect 3: {@code group.cancel()} cancels every pending member even when the group's own lastly throws. */
	@Test
	void cancellingAGroupWhoseLastlyThrowsStillCancelsEveryMember() throws Exception {
		AtomicIntegerArray lastlies = new AtomicIntegerArray(3);
		List<Pact> members = new ArrayList<>();
		for (int i = 0; i < lastlies.length(); i++) {
			int index = i;
			members.add(Pact.builder("Member " + i).pollInterval(Duration.ofMillis(10)).build().until(() -> false)
				.lastly(() -> lastlies.incrementAndGet(index)));
		}
		IllegalStateException failure = new IllegalStateException("the group's lastly failed");
		PactGroup group = new PactGroup(members).lastly(() -> {
			throw failure;
		});
		CountDownLatch started = new CountDownLatch(members.size());
		List<Future<Throwable>> waiters = new ArrayList<>();
		for (Pact member : members) {
			waiters.add(this.executor.submit(() -> {
				started.countDown();
				return catchThrowable(() -> member.await(Duration.ofSeconds(30)));
			}));
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		Throwable thrown = catchThrowable(group::cancel);

		if (thrown != null) {
			assertThat(thrown).as("what group.cancel() threw").isSameAs(failure);
		}
		assertThat(group.state()).isEqualTo(PactState.CANCELLED);
		SoftAssertions softly = new SoftAssertions();
		for (int i = 0; i < members.size(); i++) {
			softly.assertThat(members.get(i).state()).as("state of %s", members.get(i)).isEqualTo(PactState.CANCELLED);
			softly.assertThat(lastlies.get(i)).as("lastly runs of %s", members.get(i)).isOne();
		}
		softly.assertAll();
		for (Future<Throwable> waiter : waiters) {
			assertThat(waiter.get(10, TimeUnit.SECONDS)).as("what a thread awaiting a member got")
				.isInstanceOf(CancellationException.class);
		}
	}

	// ------------------------------------------------------------------------------------------------
	// defect 8: a pact does not keep the groups it joined reachable
	// ------------------------------------------------------------------------------------------------

	/** Defect 8: a pending pact does not keep the groups it was a member of reachable once they ended. */
	@Test
	void pendingPactDoesNotKeepTheGroupsItJoinedReachableOnceTheyEnded() {
		Pact pact = new Pact("Long-lived").until(() -> false);

		List<WeakReference<PactGroup>> groups = endedGroupsOf(pact, 1_000);

		awaitCollected(groups, "ended groups of a pending pact");
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		Reference.reachabilityFence(pact);
	}

	private static List<WeakReference<PactGroup>> endedGroupsOf(Pact pact, int count) {
		List<WeakReference<PactGroup>> groups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			PactGroup group = new PactGroup(List.of(pact));
			group.fail("done");
			groups.add(new WeakReference<>(group));
		}
		return groups;
	}

	// ------------------------------------------------------------------------------------------------
	// defect 10: large groups cost O(members that changed) per poll
	// ------------------------------------------------------------------------------------------------

	/** Defect 10 (a): a poll of a lazy group of 20 000 pending members allocates at most a few hundred bytes. */
	@Test
	void pollOfALargeLazyGroupWhoseFirstMemberIsPendingAllocatesAlmostNothing() {
		assumeAllocationsMeasurable();
		PactGroup group = new PactGroup();
		for (int i = 0; i < 20_000; i++) {
			group.add(new Pact("Member " + i).until(() -> false));
		}
		for (int i = 0; i < 100; i++) {
			group.poll();
		}

		int polls = 1_000;
		long before = allocatedBytes();
		for (int i = 0; i < polls; i++) {
			group.poll();
		}
		long perPoll = (allocatedBytes() - before) / polls;

		assertThat(group.state()).isEqualTo(PactState.PENDING);
		assertThat(perPoll).as("bytes allocated per poll of a lazy group of 20 000 pending members")
			.isLessThanOrEqualTo(256);
	}

	/** Defect 10 (b): a lazy group of 20 000 members finishing one per poll allocates O(N) bytes, not O(N^2). */
	@Test
	void lazyGroupWhoseMembersFinishOneAtATimeAllocatesLinearlyNotQuadratically() {
		assumeAllocationsMeasurable();
		long allocated = bytesAllocatedToFinishOneMemberPerPoll(PactGroup.builder().build(), 20_000);

		// copying the pending members on each poll allocates about 4 * 20 000^2 / 2 bytes: 800 MB
		assertThat(allocated).as("bytes allocated by 20 000 polls finishing a lazy group one member at a time")
			.isLessThan(50L * 1024 * 1024);
	}

	/** Defect 10 (b): an eager group of 10 000 members finishing one per poll allocates O(N) bytes, not O(N^2). */
	@Test
	void eagerGroupWhoseMembersFinishOneAtATimeAllocatesLinearlyNotQuadratically() {
		// An eager group evaluates every pending member on each poll, so these polls take O(N^2) member polls
		// whatever the engine: 10 000 members (not 20 000) keep that to a few seconds.
		assumeAllocationsMeasurable();
		long allocated = bytesAllocatedToFinishOneMemberPerPoll(PactGroup.builder().lazy(false).build(), 10_000);

		// copying the pending members on each poll allocates about 4 * 10 000^2 / 2 bytes: 200 MB
		assertThat(allocated).as("bytes allocated by 10 000 polls finishing an eager group one member at a time")
			.isLessThan(20L * 1024 * 1024);
	}

	/** Fills the group with pending members, then polls it as often, one more member finishing before each poll. */
	private static long bytesAllocatedToFinishOneMemberPerPoll(PactGroup group, int members) {
		boolean[] done = new boolean[members];
		for (int i = 0; i < members; i++) {
			int index = i;
			group.add(new Pact("Member " + i).until(() -> done[index]));
		}
		long before = allocatedBytes();
		for (int i = 0; i < members; i++) {
			done[i] = true;
			group.poll();
		}
		long allocated = allocatedBytes() - before;
		assertThat(group.state()).isEqualTo(PactState.FINISHED);
		return allocated;
	}

	// ------------------------------------------------------------------------------------------------
	// defect 12: smaller ones
	// ------------------------------------------------------------------------------------------------

	/** Defect 12 (a): cancelling the already completed future of an overdue pact does not cancel the pact. */
	@Test
	void cancellingTheAlreadyCompletedFutureOfAnOverduePactLeavesThePactPending() {
		VirtualClock clock = new VirtualClock();
		Pact pact = Pact.builder("Overdue").clock(clock).timeout(Duration.ofSeconds(1)).build().until(() -> false);
		CompletableFuture<Void> future = pact.toCompletableFuture();
		clock.advance(Duration.ofSeconds(2));
		pact.poll();
		assertThat(future).isCompletedExceptionally();
		assertThatThrownBy(future::join).hasCauseInstanceOf(TimeoutExpiredException.class);

		future.cancel(true);

		assertThat(pact.state()).as("state of the overdue pact once its completed future was cancelled")
			.isEqualTo(PactState.PENDING);
		assertThat(future.isCancelled()).isFalse();
	}

	/** Defect 12 (a): cancelling the future of a pact whose lastly throws cancels it without throwing from cancel. */
	@Test
	void cancellingTheFutureOfAPactWhoseLastlyThrowsCancelsItWithoutThrowing() {
		AtomicInteger lastlies = new AtomicInteger();
		Pact pact = new Pact("Exporting").until(() -> false).lastly(() -> {
			lastlies.incrementAndGet();
			throw new IllegalStateException("the lastly failed");
		});
		CompletableFuture<Void> future = pact.toCompletableFuture();

		assertThatCode(() -> future.cancel(true)).as("Future.cancel of a pact whose lastly throws")
			.doesNotThrowAnyException();

		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		assertThat(lastlies.get()).isOne();
		assertThat(future.isCancelled()).isTrue();
	}

	/** Defect 12 (b): a virtual clock advanced by huge durations saturates: it never throws nor goes backwards. */
	@Test
	void advancingAVirtualClockByHugeDurationsSaturatesInsteadOfOverflowing() {
		VirtualClock millennium = new VirtualClock();
		assertThatCode(() -> millennium.advance(Duration.ofDays(365L * 1000)))
			.as("advancing a virtual clock by 1000 years").doesNotThrowAnyException();
		assertThat(millennium.nanoTime()).isPositive();

		VirtualClock centuries = new VirtualClock();
		long previous = centuries.nanoTime();
		for (int i = 1; i <= 5; i++) {
			centuries.advance(Duration.ofDays(365L * 100));
			long now = centuries.nanoTime();
			assertThat(now).as("nano time after %d advances of 100 years (before: %d)", i, previous)
				.isGreaterThanOrEqualTo(previous);
			previous = now;
		}
	}

	/** Defect 12 (c): parking on a virtual clock again and again with one signal adds at most one dependent to it. */
	@Test
	void parkingRepeatedlyOnTheSameSignalAddsAtMostOneDependentToIt() throws Exception {
		VirtualClock clock = new VirtualClock();
		CompletableFuture<Void> signal = new CompletableFuture<>();
		for (int i = 0; i < 10_000; i++) {
			clock.park(Duration.ZERO, signal);
		}
		assertThat(signal.getNumberOfDependents()).as("dependents of a signal after 10 000 zero parks on it")
			.isLessThanOrEqualTo(1);

		AtomicBoolean parking = new AtomicBoolean(true);
		Future<?> advancer = this.executor.submit(() -> {
			while (parking.get()) {
				clock.advance(Duration.ofMillis(1));
				Thread.onSpinWait();
			}
		});
		try {
			for (int i = 0; i < 1_000; i++) {
				clock.park(Duration.ofMillis(1), signal);
			}
		}
		finally {
			parking.set(false);
		}
		advancer.get(10, TimeUnit.SECONDS);
		assertThat(signal.getNumberOfDependents()).as("dependents of a signal after 1 000 more parks of 1 ms on it")
			.isLessThanOrEqualTo(1);
	}

	/** Defect 12 (d): a group's toString() does not hold the group's lock while its members' toString() run. */
	@Test
	void groupToStringDoesNotHoldTheGroupsLockWhileMembersDescribeThemselves() {
		AtomicReference<PactGroup> groupOfMember = new AtomicReference<>();
		AtomicReference<String> problem = new AtomicReference<>();
		Pact member = new Pact("Describes itself with help") {

			@Override
			public String toString() {
				Future<Integer> size = CoreDefectsTest.this.executor.submit(() -> groupOfMember.get().size());
				try {
					size.get(5, TimeUnit.SECONDS);
				}
				catch (TimeoutException ex) {
					problem.compareAndSet(null, "group.size() on another thread did not return within 5 s "
							+ "while the group described its members");
				}
				catch (Exception ex) {
					problem.compareAndSet(null, ex.toString());
				}
				return super.toString();
			}

		}.until(() -> false);
		PactGroup group = new PactGroup(List.of(member));
		groupOfMember.set(group);

		String text = group.toString();

		assertThat(problem.get()).as("what went wrong while the member described itself").isNull();
		assertThat(text).isEqualTo("[<Pact: Describes itself with help>]");
	}

	/** Defect 12 (e): a finished pact does not keep its conditions (and what they capture) reachable. */
	@Test
	void finishedPactDoesNotKeepItsConditionsReachable() {
		Pact pact = new Pact("Finishes");
		WeakReference<byte[]> captured = addConditionCapturingAPayload(pact, true);
		assertThat(pact.poll()).isTrue();

		awaitCollected(List.of(captured), "payloads captured by the condition of a finished pact");
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		Reference.reachabilityFence(pact);
	}

	/** Defect 12 (e): a cancelled pact does not keep its conditions (and what they capture) reachable. */
	@Test
	void cancelledPactDoesNotKeepItsConditionsReachable() {
		Pact pact = new Pact("Is cancelled");
		WeakReference<byte[]> captured = addConditionCapturingAPayload(pact, false);
		assertThat(pact.poll()).isFalse();
		assertThat(pact.cancel()).isTrue();

		awaitCollected(List.of(captured), "payloads captured by the condition of a cancelled pact");
		assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		Reference.reachabilityFence(pact);
	}

	private static WeakReference<byte[]> addConditionCapturingAPayload(Pact pact, boolean holds) {
		byte[] payload = new byte[1 << 20];
		pact.until(() -> holds && payload.length > 0);
		return new WeakReference<>(payload);
	}

	/** A pact awaited again and again with a timeout while it stays pending gathers no waiters. */
	@Test
	void timedOutAwaitsLeaveNoWaiterBehind() {
		VirtualClock clock = new VirtualClock();
		Pact pending = Pact.builder("Never done").clock(clock).build().until(() -> false);
		for (int i = 0; i < 10_000; i++) {
			assertThatExceptionOfType(TimeoutExpiredException.class)
				.isThrownBy(() -> pending.await(Duration.ofMillis(1)));
		}
		assertThat(pending.waiterCount()).as("waiters left by 10 000 timed-out awaits").isZero();
	}

}
