package org.pactlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The members of a {@link PactGroup}, in the order added, and where each stands: pending, or finished
 * (and when, among the finished). A poll costs O(members that changed) for a lazy group, which walks
 * from its first pending member, and O(pending members) for an eager one, which keeps its pending
 * members in a compacted list: finished members are never visited again.
 *
 * <p>Changed only by the thread that holds the group's poll. Readers on other threads see whole
 * arrays (a full array is replaced by a larger copy) and a consistent split between pending and
 * finished members: a member counts as finished only once the count of finished members, read first,
 * includes it.
 */
final class GroupMembers {

	private volatile Slots slots = new Slots(4);

	private volatile int finishedCount;

	private int[] pending = new int[4];

	private int pendingHead;

	private int pendingTail;

	/**
	 * Returns how many members were added.
	 */
	int size() {
		return this.slots.count;
	}

	/**
	 * Returns the member added at {@code index}.
	 */
	PactBase member(int index) {
		return this.slots.order[index];
	}

	/**
	 * Adds a member, pending, with its link to the group.
	 */
	void add(PactBase pact, GroupMembership link) {
		Slots current = this.slots;
		int index = current.count;
		Slots grown = (index < current.order.length) ? current : current.grow();
		grown.order[index] = pact;
		grown.links[index] = link;
		grown.count = index + 1;
		this.slots = grown;
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

	/**
	 * Returns whether no member is pending.
	 */
	boolean allFinished() {
		return this.pendingHead == this.pendingTail;
	}

	/**
	 * Polls the pending members in order up to the first one still pending, and records those that
	 * finished.
	 * @return whether every member has finished
	 */
	boolean pollLazily() {
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

	/**
	 * Polls every pending member, in order, and records those that finished, whatever one throws.
	 * @return whether every member has finished
	 */
	boolean pollEagerly() {
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
		return allFinished();
	}

	/**
	 * Polls one member, unless it is polled in the background: its own poller drives it, and the group
	 * only looks at it. Never waits for another thread's poll of it.
	 */
	private boolean isDone(int index) {
		PactBase member = this.slots.order[index];
		return member.isPolledInBackground() ? member.isFinished() : member.tryPoll();
	}

	private void markFinished(int index) {
		int position = this.finishedCount + 1;
		this.slots.finishedPosition[index] = position;
		this.finishedCount = position;
	}

	/**
	 * Adds the pending members, in the order added, to {@code into}.
	 */
	void addPendingTo(List<PactBase> into) {
		int finished = this.finishedCount;
		Slots snapshot = this.slots;
		for (int i = 0; i < snapshot.count; i++) {
			int position = snapshot.finishedPosition[i];
			if (position == 0 || position > finished) {
				into.add(snapshot.order[i]);
			}
		}
	}

	/**
	 * Returns the pending members in the order added, then the finished ones in the order they finished.
	 */
	List<PactBase> inIterationOrder() {
		int finished = this.finishedCount;
		Slots snapshot = this.slots;
		List<PactBase> ordered = new ArrayList<>(snapshot.count);
		PactBase[] byFinish = new PactBase[finished];
		for (int i = 0; i < snapshot.count; i++) {
			int position = snapshot.finishedPosition[i];
			if (position == 0 || position > finished) {
				ordered.add(snapshot.order[i]);
			}
			else {
				byFinish[position - 1] = snapshot.order[i];
			}
		}
		ordered.addAll(Arrays.asList(byFinish));
		return ordered;
	}

	/**
	 * Lets go of every member: none keeps the group reachable any more.
	 */
	void leaveAll() {
		Slots current = this.slots;
		for (int i = 0; i < current.count; i++) {
			current.links[i].leave();
		}
	}

	/**
	 * Cancels every member still pending, whatever the others throw.
	 * @return the first exception, with the later ones suppressed, or {@code null}
	 */
	Throwable cancelAll() {
		Slots current = this.slots;
		Throwable thrown = null;
		for (int i = 0; i < current.count; i++) {
			thrown = UserCode.run(current.order[i]::cancel, thrown);
		}
		return thrown;
	}

	/**
	 * The members' arrays, replaced by a larger copy when full.
	 */
	private static final class Slots {

		final PactBase[] order;

		final GroupMembership[] links;

		final int[] finishedPosition;

		volatile int count;

		Slots(int capacity) {
			this.order = new PactBase[capacity];
			this.links = new GroupMembership[capacity];
			this.finishedPosition = new int[capacity];
		}

		Slots grow() {
			Slots grown = new Slots(this.order.length * 2);
			System.arraycopy(this.order, 0, grown.order, 0, this.count);
			System.arraycopy(this.links, 0, grown.links, 0, this.count);
			System.arraycopy(this.finishedPosition, 0, grown.finishedPosition, 0, this.count);
			grown.count = this.count;
			return grown;
		}

	}

}
