package org.pactlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class PactGroupTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<String> events = new ArrayList<>();

	private Pact pact(String description) {
		return Pact.builder(description).clock(this.clock).build();
	}

	/** A pact whose one condition records its evaluation and holds from its {@code holdsFromCall}-th call on. */
	private Pact pact(String description, int holdsFromCall) {
		return pact(description).until(condition(description, holdsFromCall));
	}

	private BooleanSupplier condition(String name, int holdsFromCall) {
		AtomicInteger calls = new AtomicInteger();
		return () -> {
			this.events.add(name);
			return calls.incrementAndGet() >= holdsFromCall;
		};
	}

	/** A pact that holds once {@code seconds} have passed on the clock since its creation. */
	private Pact deleting(String path, int seconds) {
		long done = this.clock.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		return pact("Deleting " + path).until(() -> this.clock.nanoTime() >= done);
	}

	private Runnable record(String event) {
		return () -> this.events.add(event);
	}

	private static List<PactBase> members(PactGroup group) {
		List<PactBase> members = new ArrayList<>();
		group.forEach(members::add);
		return members;
	}

	// --- constructors and builder ---

	@Test
	void emptyGroupIsLazyWithoutDeadlineAndFinishesAtItsFirstPoll() {
		PactGroup group = new PactGroup();
		assertThat(group.isLazy()).isTrue();
		assertThat(group.getTimeout()).isNull();
		assertThat(group).isEmpty();
		assertThat(group).hasToString("[]");
		assertThat(group.isFinished()).isFalse();
		assertThat(group.poll()).isTrue();
	}

	@Test
	void constructorTakesTheMembersInOrder() {
		Pact a = pact("a");
		Pact b = pact("b");
		Pact c = pact("c");
		PactGroup group = new PactGroup(List.of(b, a, c));
		assertThat(members(group)).containsExactly(b, a, c);
		assertThat(group.isLazy()).isTrue();
		assertThat(group.getTimeout()).isNull();
	}

	@Test
	void constructorAcceptsGroupsAsMembers() {
		Pact a = pact("a");
		PactGroup inner = new PactGroup(List.of(pact("b")));
		PactGroup group = new PactGroup(List.of(a, inner));
		assertThat(group).hasToString("[<Pact: a>, [<Pact: b>]]");
		assertThat(group.poll()).isTrue();
		assertThat(inner.isFinished()).isTrue();
	}

	@Test
	void builderAppliesEveryOption() {
		PactGroup group = PactGroup.builder()
			.lazy(false)
			.timeout(Duration.ofSeconds(4))
			.clock(this.clock)
			.pollInterval(Duration.ofMillis(500))
			.build();
		assertThat(group.isLazy()).isFalse();
		assertThat(group.getTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(group.clock()).isSameAs(this.clock);
		assertThat(group.getPollInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(group).isEmpty();
	}

	@Test
	void builderDefaults() {
		PactGroup group = PactGroup.builder().build();
		assertThat(group.isLazy()).isTrue();
		assertThat(group.getTimeout()).isNull();
		assertThat(group.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(group.clock()).isSameAs(PactClock.system());
	}

	@Test
	void builderPollIntervalIsTheSleepOfAwait() {
		AtomicInteger polls = new AtomicInteger();
		PactGroup group = PactGroup.builder().pollInterval(Duration.ofSeconds(4)).build()
			.add(pact("x").until(() -> {
				polls.incrementAndGet();
				return false;
			}));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> group.await(Duration.ofSeconds(10)));
		// polls at 0, 4, 8 and 10 seconds
		assertThat(polls).hasValue(4);
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void nullTimeoutInBuilderMeansNoDeadline() {
		assertThat(PactGroup.builder().timeout(Duration.ofSeconds(1)).timeout(null).build().getTimeout()).isNull();
	}

	// --- chaining ---

	@Test
	void callbacksAndAddReturnTheGroupItself() throws NoSuchMethodException {
		PactGroup group = new PactGroup();
		Runnable nothing = () -> {
		};
		PactGroup chained = group.then(nothing)
			.lastly(nothing)
			.during(nothing)
			.onTimeout(nothing)
			.add(pact("a"))
			.add(pact("b"), true)
			.add(pact("c"), false);
		assertThat(chained).isSameAs(group);
		assertThat(group).hasSize(3);
		for (String name : List.of("then", "lastly", "during", "onTimeout")) {
			assertThat(PactGroup.class.getMethod(name, Runnable.class).getReturnType()).as(name)
				.isEqualTo(PactGroup.class);
		}
		assertThat(PactGroup.class.getMethod("add", PactBase.class).getReturnType()).isEqualTo(PactGroup.class);
		assertThat(PactGroup.class.getMethod("add", PactBase.class, boolean.class).getReturnType())
			.isEqualTo(PactGroup.class);
	}

	// --- toString ---

	@Test
	void toStringShowsOnlyPendingMembersInOrder() {
		Pact path1 = deleting("/path1", 10);
		Pact huge = deleting("/huge_directory", 30);
		Pact path2 = deleting("/path2", 10);
		PactGroup group = new PactGroup(List.of(path1, huge, path2));
		assertThat(group).hasToString("[<Pact: Deleting /path1>, <Pact: Deleting /huge_directory>, "
				+ "<Pact: Deleting /path2>]");
		this.clock.advance(Duration.ofSeconds(10));
		PactGroup eager = PactGroup.builder().lazy(false).build().add(path1).add(huge).add(path2);
		eager.poll();
		assertThat(eager).hasToString("[<Pact: Deleting /huge_directory>]");
		group.poll();
		assertThat(group).hasToString("[<Pact: Deleting /huge_directory>, <Pact: Deleting /path2>]");
	}

	// --- polling ---

	@Test
	void groupFinishesOnceEveryMemberFinished() {
		Pact a = pact("a", 1);
		Pact b = pact("b", 3);
		PactGroup group = PactGroup.builder().lazy(false).build().add(a).add(b);
		assertThat(group.poll()).isFalse();
		assertThat(a.isFinished()).isTrue();
		assertThat(group.poll()).isFalse();
		assertThat(group.isFinished()).isFalse();
		assertThat(group.poll()).isTrue();
		assertThat(group.isFinished()).isTrue();
		assertThat(b.isFinished()).isTrue();
	}

	@Test
	void lazyGroupStopsAtTheFirstPendingMember() {
		PactGroup group = new PactGroup(List.of(pact("a", 3), pact("b", 2), pact("c", 1)));
		group.poll();
		group.poll();
		assertThat(this.events).containsExactly("a", "a");
		group.poll();
		assertThat(this.events).containsExactly("a", "a", "a", "b");
		assertThat(group.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "a", "a", "b", "b", "c");
	}

	@Test
	void eagerGroupPollsEveryPendingMember() {
		PactGroup group = PactGroup.builder().lazy(false).build().add(pact("a", 3)).add(pact("b", 2)).add(pact("c", 1));
		group.poll();
		assertThat(this.events).containsExactly("a", "b", "c");
		group.poll();
		assertThat(this.events).containsExactly("a", "b", "c", "a", "b");
		assertThat(group.poll()).isTrue();
		assertThat(this.events).containsExactly("a", "b", "c", "a", "b", "a");
	}

	@Test
	void lazyGroupAwaitPollsTheSecondMemberOnlyOnceTheFirstFinished() {
		AtomicInteger duringA = new AtomicInteger();
		AtomicInteger duringB = new AtomicInteger();
		Pact a = deleting("/path_a", 10).during(duringA::incrementAndGet).then(record("A"));
		Pact b = deleting("/path_b", 10).during(duringB::incrementAndGet).then(record("B"));
		new PactGroup(List.of(a, b)).await();
		assertThat(duringA).hasValue(11);
		assertThat(duringB).hasValue(1);
		assertThat(this.events).containsExactly("A", "B");
	}

	@Test
	void eagerGroupAwaitPollsBothMembersEveryTime() {
		AtomicInteger duringA = new AtomicInteger();
		AtomicInteger duringB = new AtomicInteger();
		Pact a = deleting("/path_a", 10).during(duringA::incrementAndGet);
		Pact b = deleting("/path_b", 10).during(duringB::incrementAndGet);
		PactGroup.builder().lazy(false).build().add(a).add(b).await();
		assertThat(duringA).hasValue(11);
		assertThat(duringB).hasValue(11);
	}

	@Test
	void isFinishedOfAGroupPollsNoMember() {
		PactGroup group = new PactGroup(List.of(pact("a", 1), pact("b", 1)));
		assertThat(group.isFinished()).isFalse();
		assertThat(this.events).isEmpty();
	}

	@Test
	void pollOfAFinishedGroupEvaluatesNothing() {
		AtomicInteger during = new AtomicInteger();
		PactGroup group = new PactGroup(List.of(pact("a", 1))).during(during::incrementAndGet);
		assertThat(group.poll()).isTrue();
		assertThat(group.poll()).isTrue();
		assertThat(this.events).containsExactly("a");
		assertThat(during).hasValue(1);
	}

	@Test
	void groupPollRunsDuringThenMembersThenThenThenLastly() {
		PactGroup group = new PactGroup(List.of(pact("a", 2)))
			.lastly(record("lastly"))
			.then(record("then"))
			.during(record("during"));
		group.poll();
		assertThat(this.events).containsExactly("during", "a");
		group.poll();
		assertThat(this.events).containsExactly("during", "a", "during", "a", "then", "lastly");
	}

	@Test
	void memberCallbackFailurePropagatesFromTheGroupPoll() {
		IllegalStateException failure = new IllegalStateException("boom");
		Pact a = pact("a").then(() -> {
			throw failure;
		});
		PactGroup group = new PactGroup(List.of(a));
		assertThatThrownBy(group::poll).isSameAs(failure);
		assertThat(a.isFinished()).isTrue();
	}

	@Test
	void memberConditionFailurePropagatesFromTheGroupPollAndLeavesTheGroupPending() {
		IllegalStateException failure = new IllegalStateException("boom");
		AtomicInteger calls = new AtomicInteger();
		Pact a = pact("a").until(() -> {
			if (calls.incrementAndGet() == 1) {
				throw failure;
			}
			return true;
		});
		PactGroup group = new PactGroup(List.of(a)).then(record("then"));
		assertThatThrownBy(group::poll).isSameAs(failure);
		assertThat(group.isFinished()).isFalse();
		assertThat(this.events).isEmpty();
		assertThat(group.poll()).isTrue();
		assertThat(this.events).containsExactly("then");
	}

	// --- a finished group ---

	@Test
	void thenAndLastlyOnAFinishedGroupRunAtOnceOnTheCallingThread() {
		PactGroup group = new PactGroup(List.of(pact("a")));
		group.poll();
		AtomicReference<Thread> then = new AtomicReference<>();
		AtomicReference<Thread> lastly = new AtomicReference<>();
		group.then(() -> then.set(Thread.currentThread()));
		assertThat(then.get()).isSameAs(Thread.currentThread());
		group.lastly(() -> lastly.set(Thread.currentThread()));
		assertThat(lastly.get()).isSameAs(Thread.currentThread());
	}

	@Test
	void duringAndOnTimeoutOnAFinishedGroupAreAcceptedAndNeverRun() {
		PactGroup group = new PactGroup(List.of(pact("a")));
		group.poll();
		AtomicInteger runs = new AtomicInteger();
		assertThat(group.during(runs::incrementAndGet).onTimeout(runs::incrementAndGet)).isSameAs(group);
		group.poll();
		group.await(Duration.ZERO);
		assertThat(runs).hasValue(0);
	}

	// --- iteration ---

	@Test
	void iterationListsPendingMembersInOrderAddedThenFinishedMembersInOrderFinished() {
		Pact a = pact("a", 3);
		Pact b = pact("b", 1);
		Pact c = pact("c", 2);
		Pact d = pact("d", 1);
		PactGroup group = PactGroup.builder().lazy(false).build().add(a).add(b).add(c).add(d);
		assertThat(members(group)).containsExactly(a, b, c, d);
		group.poll();
		assertThat(members(group)).containsExactly(a, c, b, d);
		group.poll();
		assertThat(members(group)).containsExactly(a, b, d, c);
		group.poll();
		assertThat(members(group)).containsExactly(b, d, c, a);
	}

	@Test
	void groupIsAnIterableOfPactBase() {
		Pact a = pact("a");
		Iterable<PactBase> iterable = new PactGroup(List.of(a));
		assertThat(iterable.iterator().next()).isSameAs(a);
	}

	@Test
	void membersFinishingInTheSamePollIterateInTheOrderAdded() {
		Pact a = pact("a", 1);
		Pact b = pact("b", 1);
		Pact c = pact("c", 1);
		PactGroup group = PactGroup.builder().lazy(false).build().add(c).add(a).add(b);
		group.poll();
		assertThat(members(group)).containsExactly(c, a, b);
	}

	@Test
	void memberFinishedOutsideTheGroupMovesToFinishedAtTheGroupsNextPoll() {
		Pact a = pact("a", 5);
		Pact b = pact("b");
		PactGroup group = new PactGroup(List.of(a, b));
		b.poll();
		assertThat(members(group)).containsExactly(a, b);
		PactGroup eager = PactGroup.builder().lazy(false).build().add(b).add(a);
		eager.poll();
		assertThat(members(eager)).containsExactly(a, b);
	}

	@Test
	void iteratorDoesNotSupportRemoval() {
		PactGroup group = new PactGroup(List.of(pact("a")));
		Iterator<PactBase> iterator = group.iterator();
		iterator.next();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(iterator::remove);
		assertThat(group).hasSize(1);
	}

	// --- add and absorb ---

	@Test
	void addAppendsAPendingMember() {
		Pact a = pact("a");
		Pact b = pact("b", 2);
		PactGroup group = new PactGroup().add(a).add(b, false);
		assertThat(members(group)).containsExactly(a, b);
		assertThat(group.poll()).isFalse();
		assertThat(group.poll()).isTrue();
	}

	@Test
	void addingAFinishedPactIsAllowed() {
		Pact a = pact("a");
		a.poll();
		PactGroup group = new PactGroup().add(a);
		assertThat(group.poll()).isTrue();
	}

	@Test
	void addWithoutAbsorbLeavesTheCallbacksWithThePact() {
		Pact a = pact("a", 1).then(record("a-then")).lastly(record("a-lastly"));
		PactGroup group = new PactGroup().add(a, false).add(pact("b", 2)).then(record("group-then"));
		group.poll();
		assertThat(this.events).containsExactly("a", "a-then", "a-lastly", "b");
	}

	@Test
	void absorbMovesThenAndLastlyCallbacksToTheEndOfTheGroupsLists() {
		Pact p1 = pact("p1", 1).then(record("p1-then")).lastly(record("p1-lastly"));
		Pact p2 = pact("p2", 2).then(record("p2-then")).lastly(record("p2-lastly"));
		PactGroup group = new PactGroup().then(record("group-then1")).lastly(record("group-lastly1"));
		group.add(p1, true);
		group.then(record("group-then2"));
		group.add(p2, true);
		group.poll();
		assertThat(this.events).containsExactly("p1", "p2");
		assertThat(p1.isFinished()).isTrue();
		this.events.clear();
		group.poll();
		assertThat(this.events).containsExactly("p2", "group-then1", "p1-then", "group-then2", "p2-then",
				"group-lastly1", "p1-lastly", "p2-lastly");
	}

	@Test
	void waitingOnAnAbsorbedPactAloneNoLongerRunsItsCallbacks() {
		Pact p1 = pact("p1").then(record("p1-then")).lastly(record("p1-lastly"));
		PactGroup group = new PactGroup().add(pact("blocker", 99)).add(p1, true);
		p1.await();
		assertThat(p1.isFinished()).isTrue();
		assertThat(this.events).doesNotContain("p1-then", "p1-lastly");
	}

	@Test
	void absorbedPactKeepsCallbacksAddedAfterwards() {
		Pact p1 = pact("p1");
		new PactGroup().add(pact("blocker", 99)).add(p1, true);
		p1.then(record("later"));
		p1.poll();
		assertThat(this.events).containsExactly("later");
	}

	@Test
	void absorbingAFinishedPactMovesNothingSinceItsCallbacksRan() {
		AtomicInteger then = new AtomicInteger();
		Pact p1 = pact("p1").then(then::incrementAndGet);
		p1.poll();
		assertThat(then).hasValue(1);
		PactGroup group = new PactGroup().add(p1, true);
		assertThat(group.poll()).isTrue();
		assertThat(then).hasValue(1);
	}

	@Test
	void absorbingAGroupIsUnsupported() {
		PactGroup group = new PactGroup();
		PactGroup other = new PactGroup(List.of(pact("a")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> group.add(other, true));
		assertThat(group).isEmpty();
	}

	@Test
	void addOnAFinishedGroupIsIllegalState() {
		PactGroup group = new PactGroup();
		group.poll();
		assertThatIllegalStateException().isThrownBy(() -> group.add(pact("a")));
		assertThatIllegalStateException().isThrownBy(() -> group.add(pact("b"), true));
		assertThat(group).isEmpty();
	}

	@Test
	void addingAGroupToItselfIsIllegalArgument() {
		PactGroup group = new PactGroup();
		assertThatIllegalArgumentException().isThrownBy(() -> group.add(group));
		assertThat(group).isEmpty();
	}

	@Test
	void addingAGroupThatContainsThisGroupIsIllegalArgument() {
		PactGroup inner = new PactGroup();
		PactGroup outer = new PactGroup(List.of(inner));
		assertThatIllegalArgumentException().isThrownBy(() -> inner.add(outer));
	}

	@Test
	void addingADuplicateMemberIsIllegalArgument() {
		Pact a = pact("a");
		PactGroup group = new PactGroup().add(a);
		assertThatIllegalArgumentException().isThrownBy(() -> group.add(a));
		assertThatIllegalArgumentException().isThrownBy(() -> group.add(a, true));
		assertThatIllegalArgumentException().isThrownBy(() -> new PactGroup(List.of(a, a)));
		assertThat(group).hasSize(1);
	}

	@Test
	void nullArgumentsAreNullPointerExceptions() {
		PactGroup group = new PactGroup();
		assertThatNullPointerException().isThrownBy(() -> new PactGroup(null));
		assertThatNullPointerException().isThrownBy(() -> new PactGroup(Arrays.asList(pact("a"), null)));
		assertThatNullPointerException().isThrownBy(() -> new PactGroup(Arrays.asList((PactBase) null)));
		assertThatNullPointerException().isThrownBy(() -> group.add(null));
		assertThatNullPointerException().isThrownBy(() -> group.add(null, true));
		assertThatNullPointerException().isThrownBy(() -> group.then(null));
		assertThatNullPointerException().isThrownBy(() -> group.lastly(null));
		assertThatNullPointerException().isThrownBy(() -> group.during(null));
		assertThatNullPointerException().isThrownBy(() -> group.onTimeout(null));
		assertThatNullPointerException().isThrownBy(() -> PactGroup.builder().clock(null));
		assertThatNullPointerException().isThrownBy(() -> PactGroup.builder().pollInterval(null));
		assertThatNullPointerException().isThrownBy(() -> group.await(null, null));
		assertThat(group).isEmpty();
	}

	@Test
	void negativeTimeoutAndNonPositivePollIntervalAreIllegalArgumentsNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> PactGroup.builder().timeout(Duration.ofSeconds(-1)))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> PactGroup.builder().pollInterval(Duration.ZERO))
			.withMessageContaining("pollInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> PactGroup.builder().pollInterval(Duration.ofMillis(-1)))
			.withMessageContaining("pollInterval");
	}

	// --- clock ---

	@Test
	void groupWithoutClockUsesItsFirstMembersClock() {
		VirtualClock other = new VirtualClock();
		Pact onThis = pact("a");
		Pact onOther = Pact.builder("b").clock(other).build();
		assertThat(new PactGroup(List.of(onThis, onOther)).clock()).isSameAs(this.clock);
		assertThat(new PactGroup(List.of(onOther, onThis)).clock()).isSameAs(other);
	}

	@Test
	void emptyGroupUsesTheSystemClockUntilItsFirstMemberIsAdded() {
		PactGroup group = new PactGroup();
		assertThat(group.clock()).isSameAs(PactClock.system());
		group.add(pact("a"));
		assertThat(group.clock()).isSameAs(this.clock);
		group.add(Pact.builder("b").clock(new VirtualClock()).build());
		assertThat(group.clock()).isSameAs(this.clock);
	}

	@Test
	void groupKeepsItsFirstMembersClockAfterThatMemberFinished() {
		VirtualClock other = new VirtualClock();
		Pact first = pact("a");
		PactGroup group = PactGroup.builder().lazy(false).build()
			.add(first)
			.add(Pact.builder("b").clock(other).build().until(() -> false));
		group.poll();
		assertThat(first.isFinished()).isTrue();
		assertThat(group.clock()).isSameAs(this.clock);
	}

	@Test
	void groupWithItsOwnClockUsesIt() {
		VirtualClock own = new VirtualClock();
		PactGroup group = PactGroup.builder().clock(own).build().add(pact("a").until(() -> false));
		assertThat(group.clock()).isSameAs(own);
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> group.await(Duration.ofSeconds(3)));
		assertThat(own.elapsed()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ZERO);
	}

	@Test
	void groupAwaitSleepsOnItsFirstMembersVirtualClock() {
		AtomicReference<Duration> path1FinishedAt = new AtomicReference<>();
		AtomicReference<Duration> hugeFinishedAt = new AtomicReference<>();
		Pact path1 = deleting("/path1", 10).then(() -> path1FinishedAt.set(this.clock.elapsed()));
		Pact huge = deleting("/huge_dir", 30).then(() -> hugeFinishedAt.set(this.clock.elapsed()));
		path1.groupWith(huge).await();
		assertThat(path1FinishedAt.get()).isEqualTo(Duration.ofSeconds(10));
		assertThat(hugeFinishedAt.get()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
	}

}
