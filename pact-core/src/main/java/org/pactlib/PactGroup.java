package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
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
 * is not polled by the group, only looked at: its own poller drives it.
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

	private volatile Members members = new Members(4);

	private volatile int finishedCount;

	private volatile PactBase firstMember;

	private volatile GroupMembership failedMember;

	private int[] pending = new int[4];

	private int pendingHead;

	private int pendingTail;

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
	 * alone does. If another thread is polling the group, waits for that poll to complete first.
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
		NESTING.lock();
		try {
			if (group == this || group.contains(this)) {
				throw new IllegalArgumentException("Cannot add " + group + " to " + this + ": a group cannot contain "
						+ "itself");
			}
			addMember(group, false);
		}
		finally {
			NESTING.unlock();
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
		Members current = this.members;
		int index = current.count;
		Members grown = (index < current.order.length) ? current : current.grow();
		GroupMembership link = new GroupMembership(this, index);
		grown.order[index] = pact;
		grown.links[index] = link;
		grown.count = index + 1;
		this.members = grown;
		appendPending(index);
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

	private void appendPending(int index) {
		if (this.pendingTail == this.pending.length) {
			int live = this.pendingTail - this.pendingHead;
			int[] moved = (live * 2 < this.pending.length) ? this.pending : new int[this.pending.length * 2];
			System.arraycopy(this.pending, this.pendingHead, moved, 0, live);
			this.pending = moved;
			this.pendingHead = 0;
			this.pendingTail = live;
		}
		this.pending[this.pendingTail++] = index;
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
		return this.members.count;
	}

	/**
	 * Iterates over a snapshot of the members: the pending ones in the order added, then the finished
	 * ones in the order they finished (members finishing in the same poll in the order added).
	 * @return an iterator that does not support removal
	 */
	@Override
	public Iterator<PactBase> iterator() {
		int finished = this.finishedCount;
		Members snapshot = this.members;
		List<PactBase> ordered = new ArrayList<>(snapshot.count);
		addPending(snapshot, finished, ordered);
		PactBase[] byFinish = new PactBase[finished];
		for (int i = 0; i < snapshot.count; i++) {
			int position = snapshot.finishedPosition[i];
			if (position > 0 && position <= finished) {
				byFinish[position - 1] = snapshot.order[i];
			}
		}
		ordered.addAll(Arrays.asList(byFinish));
		return Collections.unmodifiableList(ordered).iterator();
	}

	private static void addPending(Members snapshot, int finished, List<PactBase> into) {
		for (int i = 0; i < snapshot.count; i++) {
			int position = snapshot.finishedPosition[i];
			if (position == 0 || position > finished) {
				into.add(snapshot.order[i]);
			}
		}
	}

	/**
	 * Fails the group if a pending member failed or was cancelled (a group cannot finish without it),
	 * whether or not a lazy group has reached that member; else polls the pending members that are not
	 * polled in the background, and looks at the others.
	 */
	@Override
	boolean evaluate() {
		throwIfAMemberFailed();
		if (this.members.count == 0 && isPolledInBackground()) {
			return false;
		}
		boolean all = isLazy() ? evaluateLazily() : evaluateEagerly();
		if (!all) {
			throwIfAMemberFailed();
		}
		return all;
	}

	private boolean evaluateLazily() {
		while (this.pendingHead < this.pendingTail) {
			int index = this.pending[this.pendingHead];
			if (!isDone(index)) {
				return false;
			}
			this.pendingHead++;
			markFinished(index);
		}
		return true;
	}

	private boolean evaluateEagerly() {
		int write = this.pendingHead;
		int read = this.pendingHead;
		try {
			for (; read < this.pendingTail; read++) {
				int index = this.pending[read];
				if (isDone(index)) {
					markFinished(index);
				}
				else {
					this.pending[write++] = index;
				}
			}
		}
		finally {
			int left = this.pendingTail - read;
			System.arraycopy(this.pending, read, this.pending, write, left);
			this.pendingTail = write + left;
		}
		return this.pendingHead == this.pendingTail;
	}

	private boolean isDone(int index) {
		PactBase member = this.members.order[index];
		return member.isPolledInBackground() ? member.isFinished() : member.tryPoll();
	}

	private void markFinished(int index) {
		int position = this.finishedCount + 1;
		this.members.finishedPosition[index] = position;
		this.finishedCount = position;
	}

	private void throwIfAMemberFailed() {
		GroupMembership failed = this.failedMember;
		if (failed == null) {
			return;
		}
		PactBase member = this.members.order[failed.index];
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
		return finishedAll && this.pendingHead == this.pendingTail;
	}

	/**
	 * Lets go of every member, so that none keeps this ended group reachable.
	 */
	@Override
	void release() {
		Members current = this.members;
		for (int i = 0; i < current.count; i++) {
			current.links[i].leave();
		}
	}

	/**
	 * Cancels the members that were still pending; every one is cancelled even if a {@code lastly}
	 * callback throws.
	 * @return the first exception, with the later ones suppressed, or {@code null}
	 */
	@Override
	Throwable afterCancel() {
		Members current = this.members;
		Throwable thrown = null;
		for (int i = 0; i < current.count; i++) {
			PactBase member = current.order[i];
			thrown = UserCode.run(member::cancel, thrown);
		}
		return thrown;
	}

	@Override
	void collectPending(List<PendingPact> pendingPacts) {
		List<PactBase> pendingMembers = new ArrayList<>();
		addPending(this.members, this.finishedCount, pendingMembers);
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
		addPending(this.members, this.finishedCount, pendingMembers);
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
		addPending(this.members, this.finishedCount, pendingMembers);
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
	 * The members in the order added, each with its link and its place among the finished ones (0
	 * while pending). Written only by the thread holding the group's poll; replaced by a larger copy
	 * when full, so readers on other threads always see whole arrays.
	 */
	private static final class Members {

		final PactBase[] order;

		final GroupMembership[] links;

		final int[] finishedPosition;

		volatile int count;

		Members(int capacity) {
			this.order = new PactBase[capacity];
			this.links = new GroupMembership[capacity];
			this.finishedPosition = new int[capacity];
		}

		Members grow() {
			Members grown = new Members(this.order.length * 2);
			System.arraycopy(this.order, 0, grown.order, 0, this.count);
			System.arraycopy(this.links, 0, grown.links, 0, this.count);
			System.arraycopy(this.finishedPosition, 0, grown.finishedPosition, 0, this.count);
			grown.count = this.count;
			return grown;
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
