package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.pactlib.PactBase;
import org.pactlib.PactClock;

/**
 * Holds every registered pact and drives them all in the background, from one periodic task on a
 * scheduler it is given: registered pacts make progress (their callbacks run, their deadlines pass)
 * with nobody calling {@code await}, and a thread that awaits one only waits for the registry to end it.
 *
 * <p><b>Polling.</b> Each pact is polled when its backoff says (on the registry's clock, to the
 * nearest tick), on one of a few poller threads; a pact that a {@link org.pactlib.Pact#untilComplete
 * stage} or a member wakes up is polled at once, once however many wake-ups came. Due pacts are found
 * by a timing wheel in O(1) each; more pollers start while due pacts wait longer than a tick, and a
 * poller held up by a slow condition for longer than the slow-poll threshold hands the pacts behind it
 * to the others.
 *
 * <p><b>Deadlines</b> are driven by time, not by polls returning: at a registered pact's deadline, its
 * {@code onTimeout} callbacks run once, the listeners hear of it, and it is marked overdue; it stays
 * registered, visible and polled. If it is still pending after the overdue retention, it is cancelled
 * (so its {@code lastly} callbacks run and its waiters wake) and dropped, with a warning in the log;
 * all this even while its condition hangs.
 *
 * <p><b>Faults</b> of user code (a condition, callback or listener that throws, even an {@code Error}; a
 * poll that holds its poller past the slow-poll threshold) never stop the registry or lose a pact: each
 * is logged at WARNING with the pact's id and name, at most {@code maxFaultLogLinesPerMinute} lines a
 * minute for each kind and name, and told to the listeners as {@link PactRegistryListener#faulted}.
 *
 * <p><b>Ending.</b> A pact leaves the registry the moment it ends, however it ends; the registry keeps
 * no reference to it. {@link #shutdown(Duration)} waits up to a grace period for the pending pacts,
 * then cancels the rest, logging each, and stops every thread it started.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class PactRegistry implements AutoCloseable {

	/**
	 * The name of pacts registered without one.
	 */
	public static final String DEFAULT_NAME = "default";

	private static final Logger logger = System.getLogger(PactRegistry.class.getName());

	private final PactClock clock;

	private final PactRegistrySettings settings;

	private final PollingEngine engine;

	private final RegistryEvents events;

	private final RegisteredPacts entries;

	private final AtomicLong ids = new AtomicLong();

	private final Admission admission;

	private final ThreadLocal<HeldRegistrations> heldRegistrations = new ThreadLocal<>();

	private final ScheduledFuture<?> ticks;


	private PactRegistry(Builder builder) {
		this.clock = builder.clock;
		this.settings = new PactRegistrySettings(builder.tick, builder.maxPollers, builder.slowPollThreshold,
				builder.overdueRetention, builder.maxPacts, builder.maxFaultLogLinesPerMinute);
		this.events = new RegistryEvents(new FaultLog(logger, builder.maxFaultLogLinesPerMinute, System::nanoTime));
		builder.listeners.forEach(this.events::add);
		this.admission = new Admission(builder.maxPacts);
		long tickNanos = Nanos.of(builder.tick);
		this.engine = new PollingEngine(builder.clock, tickNanos, builder.backgroundPolling ? builder.maxPollers : 0,
				Nanos.of(builder.slowPollThreshold), Math.max(TimeUnit.SECONDS.toNanos(10), 20 * tickNanos),
				builder.threadFactory(), this::slowRun);
		this.entries = new RegisteredPacts(this.clock, this.settings.overdueRetention(), this.engine, this.events,
				this.admission);
		this.ticks = builder.backgroundPolling
				? builder.scheduler.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS) : null;
	}

	/**
	 * Starts building a registry that ticks on {@code scheduler}. The registry does not shut the
	 * scheduler down; it only cancels its own task on it.
	 * @param scheduler runs the registry's one periodic task
	 * @return a builder with the defaults: system clock, 50 ms tick, 8 pollers, 250 ms slow-poll
	 * threshold, 10 minutes overdue retention, 100,000 pacts at most, 10 fault log lines a minute per
	 * kind and name
	 */
	public static Builder builder(ScheduledExecutorService scheduler) {
		return new Builder(scheduler);
	}

	/**
	 * Returns the clock on which pacts are scheduled.
	 * @return the registry's clock
	 */
	public PactClock getClock() {
		return this.clock;
	}

	/**
	 * Returns the settings this registry was built with.
	 * @return the settings
	 */
	public PactRegistrySettings getSettings() {
		return this.settings;
	}

	/**
	 * Adds a listener; it is told of events from now on.
	 * @param listener the listener
	 */
	public void addListener(PactRegistryListener listener) {
		this.events.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Registers a pact under the {@link #DEFAULT_NAME default name}.
	 * @param pact a pending pact or group
	 * @return the registered pact
	 * @see #register(PactBase, String)
	 */
	public RegisteredPact register(PactBase pact) {
		return register(pact, DEFAULT_NAME);
	}

	/**
	 * Registers a pact: from now on the registry polls it in the background, {@code await} on it only
	 * waits, and it is listed until it ends. Its first poll happens at once, on a poller thread. While
	 * registrations are {@linkplain #holdRegistrations() held} on this thread, the pact is only
	 * reserved a place: it is polled by whoever awaits it until the hold ends.
	 * @param pact a pending pact or group
	 * @param name the low-cardinality name of the kind of operation (never an id or a path: it becomes a
	 * metric tag)
	 * @return the registered pact
	 * @throws IllegalArgumentException if the name is blank or the pact has already ended
	 * @throws IllegalStateException if the pact is already polled in the background (registered here or
	 * elsewhere), the registry holds its maximum number of pacts ({@code maxPacts}), or it is shut down;
	 * nothing is registered then
	 */
	public RegisteredPact register(PactBase pact, String name) {
		Objects.requireNonNull(pact, "pact");
		Objects.requireNonNull(name, "name");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (pact.state().isEnded()) {
			throw new IllegalArgumentException("Cannot register " + pact + ": it has already ended (" + pact.state() + ")");
		}
		if (pact.isPolledInBackground()) {
			throw new IllegalStateException("Cannot register " + pact + ": it is already polled in the background");
		}
		this.admission.reserve(pact);
		RegistryEntry entry = new RegistryEntry(this.ids.incrementAndGet(), name, pact, this.entries);
		HeldRegistrations held = this.heldRegistrations.get();
		if (held != null) {
			held.hold(entry);
			return entry;
		}
		try {
			pact.pollInBackground(entry);
		}
		catch (RuntimeException | Error ex) {
			this.admission.release();
			throw ex;
		}
		if (!this.entries.activate(entry)) {
			throw new IllegalStateException("Cannot register " + pact + ": the pact registry shut down meanwhile, "
					+ "so the pact was cancelled");
		}
		return entry;
	}

	/**
	 * Holds back the registrations made on this thread until the returned handle is closed, so that
	 * the caller can {@linkplain HeldRegistrations#takeOver take over} one of the pacts instead: for
	 * code that runs a method which creates and returns a pact on behalf of a pact of its own (as the
	 * {@code @Async} support does), so that each operation appears once in the registry. Held pacts are
	 * not polled in the background yet, so the method may await them.
	 * @return the handle; close it on this thread, in a {@code finally} block
	 * @throws IllegalStateException if registrations are already held on this thread
	 */
	public HeldRegistrations holdRegistrations() {
		if (this.heldRegistrations.get() != null) {
			throw new IllegalStateException("Registrations are already held on this thread");
		}
		HeldRegistrations held = new HeldRegistrations(this.heldRegistrations, this.entries, this.admission);
		this.heldRegistrations.set(held);
		return held;
	}

	/**
	 * Returns a snapshot of every registered pact, in registration order.
	 * @return an immutable list
	 */
	public List<PactSnapshot> snapshot() {
		return this.entries.snapshot();
	}

	/**
	 * Returns snapshots of the newest registered pacts that match a filter, newest first, at most
	 * {@code limit} of them, and how many matched in all: for listings of a registry that may hold
	 * many pacts. One pass over the registered pacts tests the filter on each (so keep it cheap: it
	 * sees the {@linkplain RegisteredPact#name() name}, the {@linkplain RegisteredPact#overdueSince()
	 * overdue time} and the {@linkplain RegisteredPact#pact() pact}, which may be {@code null} if it
	 * ended meanwhile); snapshots are built for the returned pacts only.
	 * @param filter which registered pacts to count and list
	 * @param limit how many snapshots to return at most; zero only counts
	 * @return the page
	 * @throws IllegalArgumentException if {@code limit} is negative
	 */
	public PactSnapshotPage snapshot(Predicate<? super RegisteredPact> filter, int limit) {
		Objects.requireNonNull(filter, "filter");
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, but was " + limit);
		}
		return this.entries.newest(filter, limit);
	}

	/**
	 * Returns counts of the registered pacts by state, how many are overdue, and when the oldest pending
	 * one was created: one pass over the registered pacts, without building snapshots.
	 * @return the summary
	 */
	public PactRegistrySummary summary() {
		return this.entries.summary();
	}

	/**
	 * Returns a snapshot of one registered pact.
	 * @param id the registry's id
	 * @return the snapshot, or empty if no pending pact has that id
	 */
	public Optional<PactSnapshot> find(String id) {
		RegistryEntry entry = entry(id);
		PactBase pact = (entry != null) ? entry.pact : null;
		return (pact != null) ? Optional.of(PactSnapshots.of(entry, pact, this.clock)) : Optional.empty();
	}

	/**
	 * Returns the registered pact with the given id.
	 * @param id the registry's id
	 * @return the registered pact, or empty if no pending pact has that id
	 */
	public Optional<RegisteredPact> get(String id) {
		return Optional.ofNullable(entry(id));
	}

	private RegistryEntry entry(String id) {
		return this.entries.get(Objects.requireNonNull(id, "id"));
	}

	/**
	 * Cancels a registered pact (its {@code lastly} callbacks run on this thread; a group's pending
	 * members are cancelled too).
	 * @param id the registry's id
	 * @return {@code true} if a pending pact had that id and this call cancelled it
	 * @throws RuntimeException the first exception a {@code lastly} callback threw, after all ran
	 */
	public boolean cancel(String id) {
		RegistryEntry entry = entry(id);
		PactBase pact = (entry != null) ? entry.pact : null;
		return pact != null && pact.cancel();
	}

	/**
	 * Stops tracking a pending pact without ending it, for code that hands it over to something else
	 * that polls it (such as the pact of an {@code @Async} call, which polls the pact its method
	 * returned): it leaves the registry, is polled by it no more, and the listeners are told
	 * {@link PactRegistryListener#unregistered unregistered}.
	 * @param pact the pact to let go of
	 * @return {@code true} if it was registered here and pending
	 */
	public boolean unregister(PactBase pact) {
		Objects.requireNonNull(pact, "pact");
		RegistryEntry entry = this.entries.find(pact);
		if (entry != null && this.entries.leave(entry)) {
			this.events.unregistered(entry, pact);
			return true;
		}
		return false;
	}

	/**
	 * Returns how many pacts are registered.
	 * @return the number of pending registered pacts
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Polls, on this thread, every registered pact that is due on the registry's clock, as the next
	 * tick would have them polled in the background: for tests and tools that move a
	 * {@link org.pactlib.VirtualClock} and want the effects before going on. Background pollers may
	 * take some of them meanwhile.
	 * @return how many polls this thread ran
	 */
	public int pollDue() {
		return this.engine.runDueTasks();
	}

	/**
	 * Stops the registry as {@link #shutdown(Duration)} does, without a grace period.
	 */
	@Override
	public void close() {
		shutdown(Duration.ZERO);
	}

	/**
	 * Stops the registry: it accepts no new pacts, keeps polling the registered ones for up to
	 * {@code gracePeriod}, then logs each pact still pending with its id, name and description, and
	 * cancels them: groups first, the newest first, so that a group ends cancelled with its members
	 * rather than failed by one of them, then the other pacts in registration order (their
	 * {@code lastly} callbacks run on this thread; what a callback throws, even an {@code Error}, is
	 * logged and stops nothing). Then it stops its periodic task and waits for its poller threads to
	 * end. Calling it again does nothing.
	 * @param gracePeriod how long to wait for pending pacts to end by themselves
	 */
	public void shutdown(Duration gracePeriod) {
		Objects.requireNonNull(gracePeriod, "gracePeriod");
		if (!this.admission.shutDown()) {
			return;
		}
		awaitPendingPacts(Nanos.of(gracePeriod));
		this.entries.cancelAtShutdown();
		if (this.ticks != null) {
			this.ticks.cancel(false);
		}
		try {
			if (!this.engine.stop(TimeUnit.SECONDS.toNanos(5))) {
				logger.log(Level.WARNING, "A pact poller thread is still running a condition after shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Keeps polling, on this thread's ticks (the scheduler may already be stopped: a scheduler bean
	 * stops when its context closes), until no pact is pending or the grace period is over.
	 */
	private void awaitPendingPacts(long graceNanos) {
		long end = System.nanoTime() + graceNanos;
		long tick = Nanos.of(this.settings.tick());
		for (long left = graceNanos; left > 0 && !this.entries.isEmpty(); left = end - System.nanoTime()) {
			if (this.ticks != null) {
				tick();
			}
			else {
				pollDue();
			}
			if (Thread.currentThread().isInterrupted() || this.admission.awaitEmpty(Math.min(left, tick))) {
				return;
			}
		}
	}

	/**
	 * Returns whether {@link #shutdown(Duration)} was called.
	 * @return {@code true} once shut down
	 */
	public boolean isShutDown() {
		return this.admission.isShutDown();
	}

	private void slowRun(EngineTask task, Thread thread, long heldNanos) {
		RegisteredPacts registered = this.entries;
		if (registered != null) {
			registered.slowRun(task, thread, heldNanos);
		}
	}

	private void tick() {
		try {
			this.engine.tick();
		}
		catch (Throwable ex) {
			logger.log(Level.ERROR, "The pact registry's tick failed", ex);
		}
	}

	/**
	 * Builds a {@link PactRegistry}. Each call checks its argument at once.
	 */
	public static final class Builder extends PactRegistryBuilder<Builder> {

		private Builder(ScheduledExecutorService scheduler) {
			super(scheduler);
		}

		@Override
		Builder self() {
			return this;
		}

		/**
		 * Creates the registry and schedules its periodic task.
		 * @return a running registry
		 */
		public PactRegistry build() {
			return new PactRegistry(this);
		}

	}

}
