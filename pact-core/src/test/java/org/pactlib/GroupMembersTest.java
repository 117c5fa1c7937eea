package org.pactlib;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a group keeps of its members while it grows past its first arrays, while a member's poll
 * throws, and while members fail or throw as they are cancelled: the order they are listed in, the
 * members it still has to poll, the failure it reports, and what cancelling it throws.
 */
class GroupMembersTest {

	private final VirtualClock clock = new VirtualClock();

	private final List<String> polled = new ArrayList<>();

	private Pact pact(String description, BooleanSupplier condition) {
		return Pact.builder(description).clock(this.clock).build().until(() -> {
			this.polled.add(description);
			return condition.getAsBoolean();
		});
	}

	private static List<String> descriptions(PactGroup group) {
		List<String> descriptions = new ArrayList<>();
		group.forEach((member) -> descriptions.add(((Pact) member).getDescription()));
		return descriptions;
	}

	@Test
	void finishedMembersKeepTheirPlaceAfterThePendingOnesWhenTheGroupGrows() {
		PactGroup group = PactGroup.builder().lazy(false).clock(this.clock).build();
		for (String name : List.of("a", "b", "c", "d")) {
			group.add(pact(name, () -> name.equals("c") || name.equals("a")));
		}
		assertThat(group.poll()).isFalse();
		assertThat(descriptions(group)).containsExactly("b", "d", "a", "c");

		for (String name : List.of("e", "f", "g", "h", "i")) {
			group.add(pact(name, () -> false));
		}
		assertThat(group.size()).isEqualTo(9);
		assertThat(descriptions(group)).containsExactly("b", "d", "e", "f", "g", "h", "i", "a", "c");
		this.polled.clear();
		assertThat(group.poll()).isFalse();
		assertThat(this.polled).containsExactly("b", "d", "e", "f", "g", "h", "i");
	}

	@Test
	void everyMemberLeavesAGroupThatGrewWhenItEnds() {
		PactGroup group = new PactGroup();
		List<Pact> members = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			Pact member = pact("member " + i, () -> false);
			members.add(member);
			group.add(member);
		}
		assertThat(members).allSatisfy((member) -> assertThat(member.isMemberOf(group)).isTrue());
		group.cancel();
		assertThat(members).allSatisfy((member) -> {
			assertThat(member.state()).isEqualTo(PactState.CANCELLED);
			assertThat(member.isMemberOf(group)).as("%s still holds the ended group", member).isFalse();
		});
	}

	@Test
	void aLazyGroupThatFinishedItsFirstMembersStillPollsEveryMemberAddedLater() {
		PactGroup group = PactGroup.builder().clock(this.clock).build();
		AtomicBoolean rest = new AtomicBoolean();
		for (String name : List.of("a", "b", "c", "d")) {
			group.add(pact(name, () -> name.equals("a") || name.equals("b") || rest.get()));
		}
		assertThat(group.poll()).isFalse();
		assertThat(this.polled).containsExactly("a", "b", "c");

		group.add(pact("e", rest::get));
		group.add(pact("f", rest::get));
		this.polled.clear();
		rest.set(true);
		assertThat(group.poll()).isTrue();
		assertThat(this.polled).containsExactly("c", "d", "e", "f");
	}

	@Test
	void anEagerPollThatAMemberThrowsInKeepsTheMembersAfterIt() {
		AtomicInteger bCalls = new AtomicInteger();
		AtomicBoolean cDone = new AtomicBoolean();
		PactGroup group = PactGroup.builder().lazy(false).clock(this.clock).build()
			.add(pact("a", () -> true))
			.add(pact("b", () -> {
				if (bCalls.incrementAndGet() == 1) {
					throw new IllegalStateException("b is not reachable yet");
				}
				return true;
			}))
			.add(pact("c", cDone::get));

		assertThatIllegalStateException().isThrownBy(group::poll).withMessage("b is not reachable yet");
		assertThat(this.polled).containsExactly("a", "b");
		assertThat(descriptions(group)).containsExactly("b", "c", "a");

		this.polled.clear();
		assertThat(group.poll()).as("c has not finished").isFalse();
		assertThat(this.polled).containsExactly("b", "c");
		assertThat(descriptions(group)).containsExactly("c", "a", "b");

		cDone.set(true);
		this.polled.clear();
		assertThat(group.poll()).isTrue();
		assertThat(this.polled).containsExactly("c");
	}

	@Test
	void aGroupFailsWithTheFailureOfItsFirstFailedMemberInTheOrderAdded() {
		Pact first = pact("first", () -> false);
		Pact second = pact("second", () -> false);
		Pact third = pact("third", () -> false);
		PactGroup group = new PactGroup(List.of(first, second, third));
		third.fail("third broke");
		second.fail("second broke");

		assertThat(group.poll()).isFalse();
		assertThat(group.state()).isEqualTo(PactState.FAILED);
		assertThat(group.getFailure()).hasMessageContaining("second broke").hasCauseReference(second.getFailure());
	}

	@Test
	void cancellingAGroupThrowsWhatItsMembersLastlyCallbacksThrewAfterCancellingEveryOne() {
		AtomicInteger lastlies = new AtomicInteger();
		Pact first = pact("first", () -> false).lastly(() -> {
			lastlies.incrementAndGet();
			throw new IllegalStateException("first's cleanup failed");
		});
		Pact second = pact("second", () -> false).lastly(() -> {
			lastlies.incrementAndGet();
			throw new IllegalArgumentException("second's cleanup failed");
		});
		Pact third = pact("third", () -> false).lastly(lastlies::incrementAndGet);
		PactGroup group = new PactGroup(List.of(first, second, third));

		assertThatIllegalStateException().isThrownBy(group::cancel).withMessage("first's cleanup failed")
			.satisfies((thrown) -> assertThat(thrown.getSuppressed()).singleElement()
				.extracting(Throwable::getMessage).isEqualTo("second's cleanup failed"));
		assertThat(lastlies).hasValue(3);
		assertThat(List.of(group, first, second, third))
			.allSatisfy((pact) -> assertThat(pact.state()).isEqualTo(PactState.CANCELLED));
	}

	@Test
	void aMemberThatOutlivedManyGroupsStillTellsTheGroupsItIsStillIn() {
		Pact member = pact("member", () -> false);
		PactGroup first = new PactGroup(List.of(pact("blocker", () -> false), member));
		for (int i = 0; i < 40; i++) {
			PactGroup shortLived = new PactGroup(List.of(member));
			shortLived.fail("no longer needed");
			assertThat(member.isMemberOf(shortLived)).isFalse();
		}
		PactGroup last = new PactGroup(List.of(member));
		assertThat(member.isMemberOf(first)).isTrue();
		assertThat(member.isMemberOf(last)).isTrue();

		member.fail("broken");
		assertThat(first.poll()).as("a lazy group that has not reached the member").isFalse();
		assertThat(first.state()).isEqualTo(PactState.FAILED);
		assertThat(first.getFailure()).hasCauseReference(member.getFailure());
		assertThat(last.poll()).isFalse();
		assertThat(last.state()).isEqualTo(PactState.FAILED);
	}

}
