package org.pactlib;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A pact made of other pacts and groups: it finishes once every member has finished. Polling a group
 * polls its pending members in the order added: a lazy group (the default) stops at the first member
 * that is still pending, an eager one polls them all.
 *
 * <pre>{@code
 * PactGroup deletes = new PactGroup(List.of(deleting("/a"), deleting("/b")));
 * deletes.then(() -> log.info("both deleted")).await(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>A group without a clock of its own uses the clock of its first member. Thread safety, callbacks
 * and waiting are described on {@link PactBase}.
 */
public class PactGroup extends PactBase implements Iterable<PactBase> {

	/**
	 * Serializes the adding of groups to groups, so that two threads cannot make two groups contain
	 * each other. Taken before any group's lock.
	 */
	private static final ReentrantLock NESTING = new ReentrantLock();

	private final PactClock ownClock;

	private final List<PactBase> pending = new ArrayList<>();

	private final List<PactBase> finished = new ArrayList<>();

	private final Set<PactBase> members = Collections.newSetFromMap(new IdentityHashMap<>());

	private final List<PactBase> finishedInThisPoll = new ArrayList<>();

	private volatile PactBase firstMember;

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
	 * alone does.
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
		PactState refusedInState = null;
		boolean duplicate = false;
		this.lock.lock();
		try {
			if (state().isEnded()) {
				refusedInState = state();
			}
			else if (!this.members.add(pact)) {
				duplicate = true;
			}
			else {
				if (absorb) {
					absorbEndCallbacks(pact);
				}
				this.pending.add(pact);
				pact.joined(this);
				if (this.firstMember == null) {
					this.firstMember = pact;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (refusedInState != null) {
			throw new IllegalStateException("Cannot add " + pact + " to the group " + this
					+ ": the group has already ended (" + refusedInState + ")");
		}
		if (duplicate) {
			throw new IllegalArgumentException(pact + " is already a member of this group");
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
		this.lock.lock();
		try {
			return this.members.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Iterates over a snapshot of the members: the pending ones in the order added, then the finished
	 * ones in the order they finished (members finishing in the same poll in the order added).
	 * @return an iterator that does not support removal
	 */
	@Override
	public Iterator<PactBase> iterator() {
		List<PactBase> snapshot;
		this.lock.lock();
		try {
			snapshot = new ArrayList<>(this.pending.size() + this.finished.size());
			snapshot.addAll(this.pending);
			snapshot.addAll(this.finished);
		}
		finally {
			this.lock.unlock();
		}
		return Collections.unmodifiableList(snapshot).iterator();
	}

	/**
	 * Fails the group if a pending member failed or was cancelled (a group cannot finish without it),
	 * whether or not a lazy group has reached that member; else polls the pending members.
	 */
	@Override
	boolean evaluate() {
		PactBase[] members;
		this.lock.lock();
		try {
			members = this.pending.toArray(new PactBase[0]);
		}
		finally {
			this.lock.unlock();
		}
		failIfAnyFailed(members);
		boolean all = true;
		for (PactBase member : members) {
			if (member.poll()) {
				this.finishedInThisPoll.add(member);
			}
			else {
				all = false;
				if (isLazy()) {
					break;
				}
			}
		}
		if (!all) {
			failIfAnyFailed(members);
		}
		return all;
	}

	private void failIfAnyFailed(PactBase[] members) {
		for (PactBase member : members) {
			PactFailedException failure = failureOf(member);
			if (failure != null) {
				throw failure;
			}
		}
	}

	private PactFailedException failureOf(PactBase member) {
		return switch (member.state()) {
			case FAILED -> new PactFailedException(this, "its member " + member.getFailure().getMessage(),
					member.getFailure());
			case CANCELLED -> new PactFailedException(this, "its member " + member + " was cancelled",
					new CancellationException(member + " was cancelled"));
			default -> null;
		};
	}

	/**
	 * Cancels the members that were still pending; every one is cancelled even if a {@code lastly}
	 * callback throws, and the first exception is rethrown with the later ones suppressed.
	 */
	@Override
	void afterCancel() {
		Runnable[] cancels;
		this.lock.lock();
		try {
			cancels = this.pending.stream().map((member) -> (Runnable) member::cancel).toArray(Runnable[]::new);
		}
		finally {
			this.lock.unlock();
		}
		Throwable thrown = runEach(cancels, null);
		if (thrown != null) {
			throw sneakyThrow(thrown);
		}
	}

	@Override
	void collectPending(List<PendingPact> pendingPacts) {
		for (PactBase member : this) {
			if (!member.state().isEnded()) {
				member.collectPending(pendingPacts);
			}
		}
	}

	@Override
	boolean settle(boolean finishedAll) {
		if (!this.finishedInThisPoll.isEmpty()) {
			Set<PactBase> done = Collections.newSetFromMap(new IdentityHashMap<>());
			done.addAll(this.finishedInThisPoll);
			this.pending.removeIf(done::contains);
			this.finished.addAll(this.finishedInThisPoll);
			this.finishedInThisPoll.clear();
		}
		return finishedAll && this.pending.isEmpty();
	}

	/**
	 * Returns the factory of the first pending member, as the seed's group does.
	 */
	@Override
	Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory() {
		PactBase first;
		this.lock.lock();
		try {
			first = this.pending.isEmpty() ? null : this.pending.get(0);
		}
		finally {
			this.lock.unlock();
		}
		return (first != null) ? first.timeoutExceptionFactory() : null;
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
		this.lock.lock();
		try {
			return this.pending.toString();
		}
		finally {
			this.lock.unlock();
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
