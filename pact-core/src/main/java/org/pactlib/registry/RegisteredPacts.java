package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.pactlib.PactBase;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;
import org.pactlib.PactState;

/**
 * The pacts a registry lists, by id, and how they enter and leave it: what lookups, snapshots and
 * shutdown see, and what an entry calls when its pact wakes up, fails a poll or ends. A pact is listed
 * and announced before its first poll, and leaves the moment it ends, giving back its place; its
 * entry then lets go of it. Thread-safe; a snapshot is built from copies read without stopping any
 * poller.
 */
final class RegisteredPacts {

	private static final Logger logger = System.getLogger(PactRegistry.class.getName());

	private final PactClock clock;

	private final Duration overdueRetention;

	private final PollingEngine engine;

	private final RegistryEvents events;

	private final Admission admission;

	/** Keyed by the entries themselves (equal by id), looked up by an {@link IdKey}: no boxed keys. */
	private final ConcurrentHashMap<Object, RegistryEntry> entries = new ConcurrentHashMap<>();

	RegisteredPacts(PactClock clock, Duration overdueRetention, PollingEngine engine, RegistryEvents events,
			Admission admission) {
		this.clock = clock;
		this.overdueRetention = overdueRetention;
		this.engine = engine;
		this.events = events;
		this.admission = admission;
	}

	PactClock clock() {
		return this.clock;
	}

	Duration overdueRetention() {
		return this.overdueRetention;
	}

	RegistryEvents events() {
		return this.events;
	}

	/**
	 * Lists a pact handed to the registry for background polling, tells the listeners, and queues
	 * its first poll and its deadline; a pact that ended meanwhile leaves at once. A pact that ends
	 * later is reported by its poll (which then reports its end after the poll's other events), or by
	 * its wake-up of the entry.
	 * @return {@code false} if the registry shut down meanwhile (the pact is then cancelled)
	 */
	boolean activate(RegistryEntry entry) {
		PactBase pact = entry.pact;
		this.events.registered(entry);
		this.entries.put(entry, entry);
		if (this.admission.isShutDown()) {
			cancelQuietly(entry, pact, "registered while the pact registry shut down");
			ended(entry);
			return false;
		}
		if (pact.state().isEnded()) {
			ended(entry);
			return true;
		}
		Duration remaining = pact.remaining();
		if (remaining != null) {
			entry.deadline = new DeadlineWatch(entry, this);
			this.engine.schedule(entry.deadline, Nanos.saturatedAdd(this.clock.nanoTime(), Nanos.of(remaining)));
		}
		this.engine.submit(entry);
		return true;
	}

	void wake(RegistryEntry entry) {
		this.engine.wake(entry);
	}

	/**
	 * Takes a pact that ended out of the registry and tells the listeners; does nothing the second time.
	 */
	void ended(RegistryEntry entry) {
		PactBase pact = entry.pact;
		if (pact != null && leave(entry)) {
			this.events.ended(entry, pact);
		}
	}

	/**
	 * Takes an entry out and gives back its place.
	 * @return whether it was listed (so this call took it out)
	 */
	boolean leave(RegistryEntry entry) {
		if (!this.entries.remove(entry, entry)) {
			return false;
		}
		entry.pact = null;
		this.engine.cancel(entry);
		if (entry.deadline != null) {
			this.engine.cancel(entry.deadline);
		}
		this.admission.release();
		return true;
	}

	/**
	 * Reports a fault of a registered pact: logged (rate-limited) and told to the listeners.
	 */
	void fault(RegistryEntry entry, PactFault fault, String what, Throwable thrown) {
		this.events.fault(entry, fault, what, thrown);
	}

	/**
	 * Cancels a registered pact where nobody can be told what its callbacks throw: that is a
	 * {@linkplain PactFault#CALLBACK callback fault}.
	 */
	void cancelQuietly(RegistryEntry entry, PactBase pact, String why) {
		try {
			pact.cancel();
		}
		catch (Throwable ex) {
			fault(entry, PactFault.CALLBACK, "was " + why + ", and a lastly callback threw", ex);
		}
	}

	/**
	 * Reports a poll, or a deadline's callbacks, that has held a poller thread for a while.
	 */
	void slowRun(EngineTask task, Thread thread, long heldNanos) {
		RegistryEntry entry = (task instanceof DeadlineWatch watch) ? watch.entry()
				: (task instanceof RegistryEntry registered) ? registered : null;
		if (entry == null || entry.pact == null || thread == null) {
			return;
		}
		Throwable stack = new SlowPollStack(thread);
		fault(entry, PactFault.SLOW_POLL, "has held the poller thread " + thread.getName() + " for "
				+ Duration.ofNanos(heldNanos).toMillis() + " ms (slowPollThreshold)", stack);
	}

	/**
	 * Hands the pacts whose registrations were held back to the registry, in order: a pact that ended
	 * meanwhile, or that another poller took meanwhile, only gives back its place; one that the
	 * shut-down registry refuses is cancelled.
	 */
	void activateHeld(List<RegistryEntry> held) {
		for (RegistryEntry entry : held) {
			PactBase pact = entry.pact;
			if (pact.state().isEnded()) {
				entry.pact = null;
				this.admission.release();
				continue;
			}
			try {
				pact.pollInBackground(entry);
			}
			catch (RuntimeException ex) {
				entry.pact = null;
				this.admission.release();
				continue;
			}
			if (!activate(entry)) {
				logger.log(Level.WARNING, () -> "Cancelled pact " + pact + ": the pact registry shut down while "
						+ "its registration was held back");
			}
		}
	}

	/**
	 * Returns the entry of an id, or {@code null} for an unknown or malformed id.
	 */
	RegistryEntry get(String id) {
		try {
			return this.entries.get(new IdKey(Long.parseLong(id)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Returns the entry of a pact, or {@code null}; O(number of entries).
	 */
	RegistryEntry find(PactBase pact) {
		for (RegistryEntry entry : this.entries.values()) {
			if (entry.pact == pact) {
				return entry;
			}
		}
		return null;
	}

	/**
	 * Returns the entries in registration order.
	 */
	List<RegistryEntry> inOrder() {
		List<RegistryEntry> registered = new ArrayList<>(this.entries.values());
		registered.sort(Comparator.comparingLong((entry) -> entry.id));
		return registered;
	}

	/**
	 * Logs every listed pact still pending, then cancels them in {@linkplain #inShutdownOrder() shutdown
	 * order}; what their {@code lastly} callbacks throw is a callback fault.
	 */
	void cancelAtShutdown() {
		for (RegistryEntry entry : inOrder()) {
			PactBase pact = entry.pact;
			if (pact != null && !pact.state().isEnded()) {
				this.events.warn(entry, "shutdown", () -> "Cancelling pact " + entry.id + " (" + entry.name()
						+ ") at shutdown: " + FaultLog.abbreviate(String.valueOf(pact)));
			}
		}
		for (RegistryEntry entry : inShutdownOrder()) {
			PactBase pact = entry.pact;
			if (pact != null && !pact.state().isEnded()) {
				cancelQuietly(entry, pact, "cancelled at shutdown");
			}
		}
	}

	/**
	 * Returns every listed entry in the order shutdown cancels them: groups first, the newest first (a
	 * group is usually made after its members, so an enclosing group before those it holds), then the
	 * other pacts in registration order. A group cancelled first cancels its members with it, so none of
	 * its members' cancellations can fail it first.
	 */
	List<RegistryEntry> inShutdownOrder() {
		List<RegistryEntry> registered = new ArrayList<>(this.entries.values());
		registered.sort(Comparator.comparing((RegistryEntry entry) -> !(entry.pact instanceof PactGroup))
			.thenComparingLong((entry) -> (entry.pact instanceof PactGroup) ? -entry.id : entry.id));
		return registered;
	}

	/**
	 * Returns a snapshot of every listed pact still pending, in registration order.
	 */
	List<PactSnapshot> snapshot() {
		List<RegistryEntry> registered = inOrder();
		List<PactSnapshot> snapshots = new ArrayList<>(registered.size());
		for (RegistryEntry entry : registered) {
			PactBase pact = entry.pact;
			if (pact != null) {
				snapshots.add(PactSnapshots.of(entry, pact, this.clock));
			}
		}
		return List.copyOf(snapshots);
	}

	/**
	 * Returns snapshots of the newest {@code limit} listed pacts that match, newest first, and how many
	 * matched: one pass over the entries with a heap of at most {@code limit} of them, so that a page of
	 * a large registry costs O(n log limit) and builds only {@code limit} snapshots.
	 */
	PactSnapshotPage newest(Predicate<? super RegisteredPact> filter, int limit) {
		PriorityQueue<RegistryEntry> newest = new PriorityQueue<>(Math.max(1, Math.min(limit, 1024)),
				Comparator.comparingLong((entry) -> entry.id));
		int matched = 0;
		for (RegistryEntry entry : this.entries.values()) {
			if (entry.pact == null || !filter.test(entry)) {
				continue;
			}
			matched++;
			if (limit == 0) {
				continue;
			}
			if (newest.size() < limit) {
				newest.add(entry);
			}
			else if (newest.peek().id < entry.id) {
				newest.poll();
				newest.add(entry);
			}
		}
		List<PactSnapshot> snapshots = new ArrayList<>(newest.size());
		while (!newest.isEmpty()) {
			RegistryEntry entry = newest.poll();
			PactBase pact = entry.pact;
			if (pact != null) {
				snapshots.add(PactSnapshots.of(entry, pact, this.clock));
			}
		}
		Collections.reverse(snapshots);
		return new PactSnapshotPage(matched, snapshots);
	}

	/**
	 * Counts the listed pacts by state, the overdue ones, and finds the oldest pending one, in one pass.
	 */
	PactRegistrySummary summary() {
		int[] byState = new int[PactState.values().length];
		int total = 0;
		int overdue = 0;
		Instant oldest = null;
		for (RegistryEntry entry : this.entries.values()) {
			PactBase pact = entry.pact;
			if (pact == null) {
				continue;
			}
			total++;
			PactState state = pact.state();
			byState[state.ordinal()]++;
			overdue += (entry.overdueSince() != null) ? 1 : 0;
			if (state == PactState.PENDING) {
				Instant createdAt = pact.getCreatedAt();
				oldest = (oldest == null || createdAt.isBefore(oldest)) ? createdAt : oldest;
			}
		}
		Map<PactState, Integer> counts = new EnumMap<>(PactState.class);
		for (PactState state : PactState.values()) {
			counts.put(state, byState[state.ordinal()]);
		}
		return new PactRegistrySummary(total, counts, overdue, oldest);
	}

	int size() {
		return this.entries.size();
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/**
	 * The stack of a poller thread held up by one poll, as a throwable for log lines and listeners.
	 */
	static final class SlowPollStack extends Throwable {

		SlowPollStack(Thread thread) {
			super("stack of " + thread.getName() + " while it polls", null, false, true);
			setStackTrace(thread.getStackTrace());
		}

	}

	/**
	 * Looks an entry up by id: equal to the entry of that id, with the same hash.
	 */
	private record IdKey(long id) {

		@Override
		public boolean equals(Object other) {
			return other instanceof RegistryEntry entry && entry.id == this.id
					|| other instanceof IdKey key && key.id == this.id;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(this.id);
		}

	}

}
