package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A pact made of other pacts and groups: it finishes once every member has finished. Polling a group
 * polls its pending members in the order added: a lazy group (the default) stops at the first member
 * that is still pending, an eager one polls them all. A member polled in the background (registered)
 * is not polled by the group, only looked at: its own poller drives it. A member that fails or is
 * cancelled fails the group at its next poll, reached or not; when several have, the group fails with
 * the first of them in the order added.
 *
 * <pre>{@code
 * PactGroup deletes = new PactGroup(List.of(deleting("/a"), deleting("/b")));
 * deletes.then(() -> log.info("both deleted")).await(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>A poll costs O(members that changed) for a lazy group and O(pending members) for an eager one,
 * whatever the number of members that finished: members tell the group when they fail or wake up, so
 * it never scans them. A group without a clock of its own uses the clock of its first member; one
 * polled in the background waits for a first member rather than finishing empty. Thread safety,
 * callbacks and waiting are described on {@link PactBase}.
 */
public class PactGroup extends PactBase implements Iterable<PactBase> {

	/**
	 * Serializes the adding of groups to groups, so that two threads cannot make two groups contain
	 * each other. Taken before any group's poll, never while user code runs.
	 */
	private static final ReentrantLock NESTING = new ReentrantLock();

	private static final VarHandle FAILED_MEMBER;

	static {
		try {
			FAILED_MEMBER = MethodHandles.lookup()
				.findVarHandle(PactGroup.class, "failedMember", GroupMembership.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final PactClock ownClock;

	private final GroupMembers members = new GroupMembers();

	private volatile PactBase firstMember;

	private volatile GroupMembership failedMember;

	/**
	 * Creates an empty lazy group with no deadline.
	 */
	public PactGroup() {
		this(builder(), List.of());
	}

	/**
	 * Creates a lazy group with no deadline of the given members, in order.
	 * @param pacts the members
	 * @throws IllegalArgumentException if a member appears twice
	 */
	public PactGroup(Collection<? extends PactBase> pacts) {
		this(builder(), Objects.requireNonNull(pacts, "pacts"));
	}

	private PactGroup(Builder builder, Collection<? extends PactBase> pacts) {
		super(builder, creationClock(builder.clock, pacts));
		this.ownClock = builder.clock;
		for (PactBase pact : pacts) {
			add(pact);
		}
	}

	private static PactClock creationClock(PactClock ownClock, Collection<? extends PactBase> pacts) {
		if (ownClock != null) {
			return ownClock;
		}
		Iterator<? extends PactBase> members = pacts.iterator();
		return members.hasNext() ? Objects.requireNonNull(members.next(), "pact").clock() : PactClock.system();
	}

	/**
	 * Starts building an empty group.
	 * @return a builder with the defaults: lazy, no deadline, the first member's clock, 1 second poll
	 * interval
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the group's own clock if it was given one, else the clock of its first member, else the
	 * system clock.
	 */
	@Override
	public PactClock clock() {
		if (this.ownClock != null) {
			return this.ownClock;
		}
		PactBase first = this.firstMember;
		return (first != null) ? first.clock() : PactClock.system();
	}

	/**
	 * Adds a member, like the seed's {@code group += pact}.
	 * @param pact the pact or group to add
	 * @return this group
	 * @see #add(PactBase, boolean)
	 */
	public PactGroup add(PactBase pact) {
		return add(pact, false);
	}

	/**
	 * Adds a member. Absorbing a pact moves its pending {@code then} and {@code lastly} callbacks to the
	 * end of this group's lists, so they run when the whole group finishes and no longer when the pact
	 * alone does. Never waits for a poll running on another thread: that poll cannot finish the group
	 * without the new member.
	 * @param pact the pact or group to add
	 * @param absorb whether to take over the pact's callbacks
	 * @return this group
	 * @throws UnsupportedOperationException if asked to absorb a group
	 * @throws IllegalArgumentException if the pact is already a member, or is this group or contains it
	 * @throws IllegalStateException if this group has already ended
	 */
	public PactGroup add(PactBase pact, boolean absorb) {
		Objects.requireNonNull(pact, "pact");
		if (absorb && pact instanceof PactGroup) {
			throw new UnsupportedOperationException("Cannot absorb the group " + pact + " into " + this
					+ ": only pacts can be absorbed; add the group without absorbing it");
		}
		if (!(pact instanceof PactGroup group)) {
			addMember(pact, absorb);
			return this;
		}
		boolean cycle;
		NESTING.lock();
		try {
			cycle = group == this || group.contains(this);
			if (!cycle) {
				addMember(group, false);
			}
		}
		finally {
			NESTING.unlock();
		}
		if (cycle) {
			throw new IllegalArgumentException("Cannot add " + group + " to " + this + ": a group cannot contain "
					+ "itself, directly or through its members; add only groups that do not contain this one");
		}
		return this;
	}

	private void addMember(PactBase pact, boolean absorb) {
		requirePending(pact);
		if (pact.isMemberOf(this)) {
			throw new IllegalArgumentException(pact + " is already a member of this group");
		}
		if (!change(new MemberChange(pact, absorb))) {
			requirePending(pact);
		}
	}

	private void requirePending(PactBase pact) {
		if (isEndingOrEnded()) {
			throw new IllegalStateException("Cannot add " + pact + " to the group " + this
					+ ": the group has already ended (" + state() + ")");
		}
	}

	/**
	 * Adds a member, holding the group's poll.
	 */
	@Override
	void apply(Change change) {
		MemberChange added = (MemberChange) change;
		PactBase pact = added.pact;
		if (pact.isMemberOf(this)) {
			return;
		}
		if (added.absorb) {
			absorbEndCallbacks(pact);
		}
		GroupMembership link = new GroupMembership(this, this.members.size());
		this.members.add(pact, link);
		if (this.firstMember == null) {
			this.firstMember = pact;
		}
		pact.joined(link);
		if (pact.state() == PactState.FAILED || pact.state() == PactState.CANCELLED) {
			recordFailedMember(link);
		}
		if (isEndingOrEnded()) {
			link.leave();
		}
	}

	private boolean contains(PactBase pact) {
		for (PactBase member : this) {
			if (member == pact || (member instanceof PactGroup group && group.contains(pact))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the number of members, pending and finished.
	 * @return how many pacts and groups were added
	 */
	public int size() {
		return this.members.size();
	}

	/**
	 * Iterates over a snapshot of the members: the pending ones in the order added, then the finished
	 * ones in the order they finished (members finishing in the same poll in the order added).
	 * @return an iterator that does not support removal
	 */
	@Override
	public Iterator<PactBase> iterator() {
		return Collections.unmodifiableList(this.members.inIterationOrder()).iterator();
	}

	/**
	 * Fails the group if a pending member failed or was cancelled (a group cannot finish without it),
	 * whether or not a lazy group has reached that member; else polls the pending members that are not
	 * polled in the background, and looks at the others.
	 */
	@Override
	boolean evaluate() {
		throwIfAMemberFailed();
		if (this.members.size() == 0 && isPolledInBackground()) {
			return false;
		}
		boolean all = isLazy() ? this.members.pollLazily() : this.members.pollEagerly();
		if (!all) {
			throwIfAMemberFailed();
		}
		return all;
	}

	private void throwIfAMemberFailed() {
		GroupMembership failed = this.failedMember;
		if (failed == null) {
			return;
		}
		PactBase member = this.members.member(failed.index);
		PactFailedException failure = member.getFailure();
		throw (failure != null) ? new PactFailedException(this, "its member " + failure.getMessage(), failure)
				: new PactFailedException(this, "its member " + member + " was cancelled",
						new CancellationException(member + " was cancelled"));
	}

	/**
	 * Told by a member, on the member's thread, that it changed (it ended, or was woken up): records a
	 * failed member and wakes this group, unless this thread is polling the group, which then sees it.
	 */
	void memberChanged(PactBase member, GroupMembership link) {
		PactState state = member.state();
		if (state == PactState.FAILED || state == PactState.CANCELLED) {
			recordFailedMember(link);
		}
		if (!isEndingOrEnded() && !isClaimedByCurrentThread()) {
			wakeUp();
		}
	}

	private void recordFailedMember(GroupMembership link) {
		for (;;) {
			GroupMembership recorded = this.failedMember;
			if (recorded != null && recorded.index <= link.index) {
				return;
			}
			if (FAILED_MEMBER.compareAndSet(this, recorded, link)) {
				return;
			}
		}
	}

	@Override
	boolean settle(boolean finishedAll) {
		return finishedAll && this.members.allFinished();
	}

	/**
	 * Lets go of every member, so that none keeps this ended group reachable.
	 */
	@Override
	void release() {
		this.members.leaveAll();
	}

	/**
	 * Cancels the members that were still pending; every one is cancelled even if a {@code lastly}
	 * callback throws.
	 * @return the first exception, with the later ones suppressed, or {@code null}
	 */
	@Override
	Throwable afterCancel() {
		return this.members.cancelAll();
	}

	@Override
	void collectPending(List<PendingPact> pendingPacts) {
		List<PactBase> pendingMembers = new ArrayList<>();
		this.members.addPendingTo(pendingMembers);
		for (PactBase member : pendingMembers) {
			if (!member.state().isEnded()) {
				member.collectPending(pendingPacts);
			}
		}
	}

	/**
	 * Returns the factory of the first pending member, as the seed's group does.
	 */
	@Override
	Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory() {
		List<PactBase> pendingMembers = new ArrayList<>();
		this.members.addPendingTo(pendingMembers);
		return pendingMembers.isEmpty() ? null : pendingMembers.get(0).timeoutExceptionFactory();
	}

	@Override
	public PactGroup then(Runnable callback) {
		super.then(callback);
		return this;
	}

	@Override
	public PactGroup lastly(Runnable callback) {
		super.lastly(callback);
		return this;
	}

	@Override
	public PactGroup during(Runnable callback) {
		super.during(callback);
		return this;
	}

	@Override
	public PactGroup onTimeout(Runnable callback) {
		super.onTimeout(callback);
		return this;
	}

	/**
	 * Returns the pending members in order, as a list: {@code [<Pact: Deleting /huge_directory>]}.
	 */
	@Override
	public String toString() {
		List<PactBase> pendingMembers = new ArrayList<>();
		this.members.addPendingTo(pendingMembers);
		return pendingMembers.toString();
	}

	/**
	 * A member to add.
	 */
	private static final class MemberChange extends Change {

		final PactBase pact;

		final boolean absorb;

		MemberChange(PactBase pact, boolean absorb) {
			this.pact = pact;
			this.absorb = absorb;
		}

	}

	/**
	 * Builds a {@link PactGroup}. Not thread-safe; each call checks its argument at once. A group with
	 * a deadline should be given its {@link #clock(PactClock) clock} too when its members use another
	 * one than the system clock: its deadline counts from its creation on its own clock. Without a clock,
	 * the group uses its first member's.
	 */
	public static final class Builder extends PactBase.Builder<Builder> {

		private Builder() {
			super(null);
		}

		/**
		 * Creates the empty group; its deadline starts now.
		 * @return a new pending group
		 */
		public PactGroup build() {
			return new PactGroup(this, List.of());
		}

	}

}
