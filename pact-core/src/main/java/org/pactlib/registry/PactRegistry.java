package org.pactlib.registry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactClock;
import org.pactlib.PactGroup;
import org.pactlib.PactState;

/**
 * Holds every registered pact and drives them all in the background, from one periodic task on a
 * scheduler it is given: registered pacts make progress (their callbacks run, their deadlines pass)
 * with nobody calling {@code await}, and a thread that awaits one only waits for the registry to end it.
 *
 * <p><b>Polling.</b> Each pact is polled when its backoff says (on the registry's clock), not on every
 * tick: the tick takes the pacts that are due from a queue ordered by due time and hands them to a
 * poller thread, which polls them one after the other. A pact whose poll is still running elsewhere is
 * skipped until its next turn. When a poller is held up by a slow condition for longer than the
 * slow-poll threshold, the next tick starts another poller (up to {@code maxPollers}) for the pacts
 * behind it, so a stuck condition delays the others by about one tick. A pact that a
 * {@link Pact#untilComplete stage} completes is polled at once.
 *
 * <p><b>Deadlines.</b> The first poll that finds a registered pact pending after its deadline runs its
 * {@code onTimeout} callbacks once, tells the listeners, and marks it overdue; it stays registered and
 * visible, and is still polled. If it is still pending after the overdue retention, it is cancelled
 * (so its {@code lastly} callbacks run and its waiters wake) and dropped, with a warning in the log.
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

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor pollers;

	private final Settings settings;

	private final List<PactRegistryListener> listeners = new CopyOnWriteArrayList<>();

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition emptied = this.lock.newCondition();

	private final PriorityQueue<Due> schedule = new PriorityQueue<>(Comparator.comparingLong(Due::at));

	private final ConcurrentLinkedQueue<Entry> ready = new ConcurrentLinkedQueue<>();

	private final Set<Poller> activePollers = ConcurrentHashMap.newKeySet();

	private final ScheduledFuture<?> ticks;

	private final ThreadLocal<HeldRegistrations> heldRegistrations = new ThreadLocal<>();

	private int places;

	private volatile boolean shutDown;

	private PactRegistry(Builder builder) {
		this.clock = builder.clock;
		this.scheduler = builder.scheduler;
		this.settings = new Settings(builder.tick, builder.maxPollers, builder.slowPollThreshold,
				builder.overdueRetention, builder.maxPacts);
		this.listeners.addAll(builder.listeners);
		this.pollers = new ThreadPoolExecutor(0, builder.maxPollers, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new PollerThreadFactory(builder.threadNamePrefix));
		long tickNanos = builder.tick.toNanos();
		this.ticks = this.scheduler.scheduleWithFixedDelay(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Starts building a registry that ticks on {@code scheduler}. The registry does not shut the
	 * scheduler down; it only cancels its own task on it.
	 * @param scheduler runs the registry's one periodic task
	 * @return a builder with the defaults: system clock, 50 ms tick, 8 pollers, 250 ms slow-poll
	 * threshold, 10 minutes overdue retention, 100,000 pacts at most
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
	public Settings getSettings() {
		return this.settings;
	}

	/**
	 * Adds a listener; it is told of events from now on.
	 * @param listener the listener
	 */
	public void addListener(PactRegistryListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
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
	 * waits, and it is listed until it ends. Its first poll happens at once, on a poller thread.
	 * @param pact a pending pact or group
	 * @param name the low-cardinality name of the kind of operation (never an id or a path: it becomes a
	 * metric tag)
	 * @return the registered pact
	 * @throws IllegalArgumentException if the name is blank or the pact has already ended
	 * @throws IllegalStateException if the pact is already polled in the background (registered here or
	 * elsewhere), the registry holds its maximum number of pacts, or it is shut down
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
		Entry entry = new Entry(Long.toString(this.ids.incrementAndGet()), name, pact);
		HeldRegistrations held = this.heldRegistrations.get();
		String refusal = reserve(entry, held == null);
		if (refusal != null) {
			throw new IllegalStateException("Cannot register " + pact + ": " + refusal);
		}
		if (held != null) {
			held.entries.add(entry);
		}
		else {
			activate(entry);
		}
		return entry;
	}

	/**
	 * Takes a place for a pact, atomically with the checks of the bound and of shutdown, and hands the
	 * pact to this registry for background polling.
	 * @param listed whether to list the pact at once (else it is held back)
	 * @return why the pact is refused, or {@code null} if it has its place
	 */
	private String reserve(Entry entry, boolean listed) {
		this.lock.lock();
		try {
			if (this.shutDown) {
				return "the pact registry is shut down";
			}
			if (this.places >= this.settings.maxPacts()) {
				return "the pact registry already holds " + this.settings.maxPacts() + " pacts, its maximum (maxPacts)";
			}
			entry.pact.pollInBackground(() -> wakeUp(entry));
			this.places++;
			if (listed) {
				this.entries.put(entry.id, entry);
			}
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Gives back the place of a pact that left the registry, and wakes {@code shutdown} once none is
	 * left.
	 */
	private void release() {
		this.lock.lock();
		try {
			this.places--;
			if (this.places == 0) {
				this.emptied.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Lists a held-back pact, unless the registry has shut down meanwhile.
	 * @return whether it is listed
	 */
	private boolean list(Entry entry) {
		this.lock.lock();
		try {
			if (this.shutDown) {
				return false;
			}
			this.entries.put(entry.id, entry);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void activate(Entry entry) {
		PactBase pact = entry.pact;
		entry.active = true;
		notifyListeners(entry, (listener) -> listener.registered(entry));
		pact.lastly(() -> {
			if (entry.pollingThread != Thread.currentThread()) {
				ended(entry);
			}
		});
		wakeUp(entry);
	}

	/**
	 * Holds back the registrations made on this thread until the returned handle is closed, so that
	 * the caller can {@linkplain HeldRegistrations#takeOver take over} one of the pacts instead: for
	 * code that runs a method which creates and returns a pact on behalf of a pact of its own (as the
	 * {@code @Async} support does), so that each operation appears once in the registry.
	 * @return the handle; close it on this thread, in a {@code finally} block
	 * @throws IllegalStateException if registrations are already held on this thread
	 */
	public HeldRegistrations holdRegistrations() {
		if (this.heldRegistrations.get() != null) {
			throw new IllegalStateException("Registrations are already held on this thread");
		}
		HeldRegistrations held = new HeldRegistrations();
		this.heldRegistrations.set(held);
		return held;
	}

	/**
	 * Returns a snapshot of every registered pact, in registration order.
	 * @return an immutable list
	 */
	public List<PactSnapshot> snapshot() {
		List<Entry> registered = new ArrayList<>(this.entries.values());
		registered.sort(Comparator.comparingLong((entry) -> Long.parseLong(entry.id)));
		List<PactSnapshot> snapshots = new ArrayList<>(registered.size());
		for (Entry entry : registered) {
			PactBase pact = entry.pact;
			if (pact != null) {
				snapshots.add(snapshot(entry, pact));
			}
		}
		return List.copyOf(snapshots);
	}

	/**
	 * Returns a snapshot of one registered pact.
	 * @param id the registry's id
	 * @return the snapshot, or empty if no pending pact has that id
	 */
	public Optional<PactSnapshot> find(String id) {
		Entry entry = this.entries.get(Objects.requireNonNull(id, "id"));
		PactBase pact = (entry != null) ? entry.pact : null;
		return (pact != null) ? Optional.of(snapshot(entry, pact)) : Optional.empty();
	}

	/**
	 * Returns the registered pact with the given id.
	 * @param id the registry's id
	 * @return the registered pact, or empty if no pending pact has that id
	 */
	public Optional<RegisteredPact> get(String id) {
		return Optional.ofNullable(this.entries.get(Objects.requireNonNull(id, "id")));
	}

	/**
	 * Cancels a registered pact (its {@code lastly} callbacks run on this thread).
	 * @param id the registry's id
	 * @return {@code true} if a pending pact had that id and this call cancelled it
	 */
	public boolean cancel(String id) {
		Entry entry = this.entries.get(Objects.requireNonNull(id, "id"));
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
		for (Entry entry : this.entries.values()) {
			if (entry.pact == pact && this.entries.remove(entry.id, entry)) {
				entry.pact = null;
				notifyListeners(entry, (listener) -> listener.unregistered(new EndedPact(entry, pact)));
				release();
				return true;
			}
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
	 * Stops the registry as {@link #shutdown(Duration)} does, without a grace period.
	 */
	@Override
	public void close() {
		shutdown(Duration.ZERO);
	}

	/**
	 * Stops the registry: it accepts no new pacts, keeps polling the registered ones for up to
	 * {@code gracePeriod}, then cancels those still pending (their {@code lastly} callbacks run on this
	 * thread, and each is logged with its id, name and description), stops its periodic task and waits
	 * for its poller threads to end. Calling it again does nothing.
	 * @param gracePeriod how long to wait for pending pacts to end by themselves
	 */
	public void shutdown(Duration gracePeriod) {
		Objects.requireNonNull(gracePeriod, "gracePeriod");
		this.lock.lock();
		try {
			if (this.shutDown) {
				return;
			}
			this.shutDown = true;
		}
		finally {
			this.lock.unlock();
		}
		awaitPendingPacts(gracePeriod);
		for (Entry entry : List.copyOf(this.entries.values())) {
			PactBase pact = entry.pact;
			if (pact != null && !pact.state().isEnded()) {
				logger.log(Level.WARNING, () -> "Cancelling pact " + entry.id + " (" + entry.name + ") at shutdown: " + pact);
				try {
					pact.cancel();
				}
				catch (RuntimeException ex) {
					logger.log(Level.WARNING, "A lastly callback of pact " + entry.id + " threw when it was cancelled", ex);
				}
			}
		}
		this.ticks.cancel(false);
		this.pollers.shutdown();
		try {
			if (!this.pollers.awaitTermination(5, TimeUnit.SECONDS)) {
				this.pollers.shutdownNow();
				if (!this.pollers.awaitTermination(5, TimeUnit.SECONDS)) {
					logger.log(Level.WARNING, "A pact poller thread is still running a condition after shutdown");
				}
			}
		}
		catch (InterruptedException ex) {
			this.pollers.shutdownNow();
			Thread.currentThread().interrupt();
		}
		this.lock.lock();
		try {
			this.schedule.clear();
		}
		finally {
			this.lock.unlock();
		}
		this.ready.clear();
	}

	/**
	 * Keeps polling, on this thread's ticks (the scheduler may already be stopped: a scheduler bean
	 * stops when its context closes), until no pact is pending or the grace period is over.
	 */
	private void awaitPendingPacts(Duration gracePeriod) {
		long end = System.nanoTime() + nanos(gracePeriod);
		long tick = nanos(this.settings.tick());
		try {
			for (long left = end - System.nanoTime(); left > 0 && !this.entries.isEmpty(); left = end - System.nanoTime()) {
				tick();
				this.lock.lock();
				try {
					if (!this.entries.isEmpty()) {
						this.emptied.awaitNanos(Math.min(left, tick));
					}
				}
				finally {
					this.lock.unlock();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns whether {@link #shutdown(Duration)} was called.
	 * @return {@code true} once shut down
	 */
	public boolean isShutDown() {
		return this.shutDown;
	}

	private void tick() {
		try {
			long now = this.clock.nanoTime();
			this.lock.lock();
			try {
				Due due;
				while ((due = this.schedule.peek()) != null && due.at - now <= 0) {
					this.schedule.poll();
					if (due.generation == due.entry.generation.get()) {
						enqueue(due.entry);
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			startPollerIfNeeded();
		}
		catch (RuntimeException | Error ex) {
			logger.log(Level.ERROR, "The pact registry's tick failed", ex);
		}
	}

	private void enqueue(Entry entry) {
		if (entry.active && entry.pact != null && entry.queued.compareAndSet(false, true)) {
			this.ready.add(entry);
		}
	}

	private void wakeUp(Entry entry) {
		entry.generation.incrementAndGet();
		entry.pollAgain.set(true);
		enqueue(entry);
		startPollerIfNeeded();
	}

	private void startPollerIfNeeded() {
		if (this.ready.isEmpty() || this.pollers.isShutdown()) {
			return;
		}
		long now = System.nanoTime();
		long slow = this.settings.slowPollThreshold().toNanos();
		for (Poller poller : this.activePollers) {
			long started = poller.pollStartedNanos;
			if (started == 0 || now - started < slow) {
				return;
			}
		}
		Poller poller = new Poller();
		this.activePollers.add(poller);
		try {
			this.pollers.execute(poller);
		}
		catch (RejectedExecutionException ex) {
			this.activePollers.remove(poller);
			if (!this.pollers.isShutdown()) {
				logger.log(Level.WARNING, () -> "All " + this.settings.maxPollers() + " pact pollers are held up by "
						+ "slow conditions; other pacts wait until one is free");
			}
		}
	}

	/**
	 * Polls a pact taken from the ready queue, then schedules its next poll, or queues it again at once
	 * if it was woken up meanwhile.
	 */
	private void poll(Entry entry) {
		PactBase pact = entry.pact;
		if (pact == null) {
			return;
		}
		entry.pollAgain.set(false);
		entry.pollingThread = Thread.currentThread();
		long now;
		try {
			now = pollAndCheckDeadline(entry, pact);
		}
		finally {
			entry.pollingThread = null;
		}
		if (pact.state().isEnded()) {
			ended(entry);
			return;
		}
		entry.queued.set(false);
		if (entry.pollAgain.getAndSet(false)) {
			enqueue(entry);
		}
		else {
			schedule(entry, now + nanos(pact.getBackoff().delay(entry.polls - 1)));
		}
	}

	/**
	 * Polls a pact, and runs what its deadline and the overdue retention call for. The end of the
	 * pact, if it ends here, is reported by the caller, after every other event of this poll.
	 * @return the registry's time after the poll
	 */
	private long pollAndCheckDeadline(Entry entry, PactBase pact) {
		if (!pact.state().isEnded()) {
			try {
				pact.tryPoll();
			}
			catch (Throwable ex) {
				notifyListeners(entry, (listener) -> listener.pollFailed(entry, ex));
			}
		}
		long now = this.clock.nanoTime();
		if (pact.state().isEnded()) {
			return now;
		}
		entry.polls++;
		Duration remaining = pact.remaining();
		if (!entry.overdue && remaining != null && (remaining.isNegative() || remaining.isZero())) {
			entry.overdueSince = this.clock.instant();
			entry.overdueSinceNanos = now;
			entry.overdue = true;
			Throwable thrown = pact.passDeadline();
			if (thrown != null) {
				notifyListeners(entry, (listener) -> listener.pollFailed(entry, thrown));
			}
			notifyListeners(entry, (listener) -> listener.deadlinePassed(entry));
		}
		if (entry.overdue && !pact.state().isEnded()
				&& now - entry.overdueSinceNanos >= nanos(this.settings.overdueRetention())) {
			logger.log(Level.WARNING, () -> "Dropping pact " + entry.id + " (" + entry.name + "): still pending "
					+ this.settings.overdueRetention() + " after its deadline, so it is cancelled: " + pact);
			try {
				pact.cancel();
			}
			catch (RuntimeException ex) {
				notifyListeners(entry, (listener) -> listener.pollFailed(entry, ex));
			}
		}
		return now;
	}

	/**
	 * Returns a duration in nanoseconds, at most about 146 years, so that adding it to a nano time
	 * cannot overflow.
	 */
	private static long nanos(Duration duration) {
		return (duration.getSeconds() < (Long.MAX_VALUE / 2) / 1_000_000_000L) ? duration.toNanos() : Long.MAX_VALUE / 2;
	}

	private void schedule(Entry entry, long at) {
		this.lock.lock();
		try {
			if (entry.pact != null && !this.pollers.isShutdown()) {
				this.schedule.add(new Due(at, entry, entry.generation.get()));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void ended(Entry entry) {
		PactBase pact = entry.pact;
		if (pact == null || !pact.state().isEnded() || !this.entries.remove(entry.id, entry)) {
			return;
		}
		entry.pact = null;
		notifyListeners(entry, (listener) -> listener.ended(new EndedPact(entry, pact), pact.state()));
		release();
	}

	private void notifyListeners(RegisteredPact pact, Consumer<PactRegistryListener> event) {
		for (PactRegistryListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (Throwable ex) {
				logger.log(Level.WARNING, "Pact registry listener " + listener + " failed on pact " + pact.id(), ex);
			}
		}
	}

	private PactSnapshot snapshot(Entry entry, PactBase pact) {
		return snapshot(entry.id, entry.name, pact, entry.overdue);
	}

	private static PactSnapshot snapshot(String id, String name, PactBase pact, boolean overdue) {
		Throwable ignored = null;
		int held;
		int conditions;
		List<PactSnapshot> members = List.of();
		String description;
		if (pact instanceof Pact single) {
			description = single.getDescription();
			held = single.getHeldConditionCount();
			conditions = single.getConditionCount();
			ignored = single.getLastIgnoredException();
		}
		else {
			description = pact.toString();
			List<PactSnapshot> memberSnapshots = new ArrayList<>();
			int finished = 0;
			for (PactBase member : (PactGroup) pact) {
				memberSnapshots.add(snapshot(null, null, member, false));
				finished += member.isFinished() ? 1 : 0;
			}
			members = List.copyOf(memberSnapshots);
			held = finished;
			conditions = members.size();
		}
		return new PactSnapshot(id, name, description, (pact instanceof Pact) ? "pact" : "group", pact.state(),
				pact.getCreatedAt(), pact.getDeadline(), overdue, held, conditions, pact.getPollCount(),
				pact.getLastPolledAt(), (ignored != null) ? ignored.toString() : null,
				(pact.getFailure() != null) ? pact.getFailure().getMessage() : null, members);
	}

	/**
	 * The settings of a registry.
	 *
	 * @param tick how often the periodic task looks for due pacts
	 * @param maxPollers how many poller threads may run at once
	 * @param slowPollThreshold how long one poll may hold a poller before another poller is started
	 * @param overdueRetention how long a pact stays registered after its deadline before it is cancelled
	 * @param maxPacts how many pacts may be registered at once
	 */
	public record Settings(Duration tick, int maxPollers, Duration slowPollThreshold, Duration overdueRetention,
			int maxPacts) {

	}

	private final class Poller implements Runnable {

		private volatile long pollStartedNanos;

		@Override
		public void run() {
			try {
				Entry entry;
				while (!PactRegistry.this.pollers.isShutdown() && (entry = PactRegistry.this.ready.poll()) != null) {
					this.pollStartedNanos = System.nanoTime() | 1;
					try {
						poll(entry);
					}
					catch (RuntimeException | Error ex) {
						logger.log(Level.ERROR, "Polling pact " + entry.id + " failed", ex);
					}
					this.pollStartedNanos = 0;
				}
			}
			finally {
				PactRegistry.this.activePollers.remove(this);
			}
		}

	}

	private record Due(long at, Entry entry, long generation) {

	}

	private static final class Entry implements RegisteredPact {

		private final String id;

		private final String name;

		private volatile PactBase pact;

		private volatile boolean active;

		private final AtomicBoolean queued = new AtomicBoolean();

		private final AtomicBoolean pollAgain = new AtomicBoolean();

		private final AtomicLong generation = new AtomicLong();

		private long polls;

		private volatile boolean overdue;

		private volatile long overdueSinceNanos;

		private volatile Thread pollingThread;

		private volatile Instant overdueSince;

		Entry(String id, String name, PactBase pact) {
			this.id = id;
			this.name = name;
			this.pact = pact;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public PactBase pact() {
			return this.pact;
		}

		@Override
		public Instant overdueSince() {
			return this.overdueSince;
		}

		@Override
		public String toString() {
			return "RegisteredPact[" + this.id + ", " + this.name + ", " + this.pact + "]";
		}

	}

	/**
	 * What listeners of {@code ended} see: the entry after the registry let go of the pact.
	 */
	private record EndedPact(Entry entry, PactBase pact) implements RegisteredPact {

		@Override
		public String id() {
			return this.entry.id;
		}

		@Override
		public String name() {
			return this.entry.name;
		}

		@Override
		public Instant overdueSince() {
			return this.entry.overdueSince;
		}

	}

	/**
	 * The registrations held back on one thread by {@link PactRegistry#holdRegistrations()}.
	 */
	public final class HeldRegistrations implements AutoCloseable {

		private final List<Entry> entries = new ArrayList<>();

		private HeldRegistrations() {
		}

		/**
		 * Takes over a pact registered on this thread since the registrations were held: it will not
		 * be registered, and the caller is now the one that polls it.
		 * @param pact the pact to take over
		 * @return {@code true} if the pact was held here, {@code false} if it was not (it may have been
		 * registered before)
		 */
		public boolean takeOver(PactBase pact) {
			Objects.requireNonNull(pact, "pact");
			for (Iterator<Entry> held = this.entries.iterator(); held.hasNext();) {
				Entry entry = held.next();
				if (entry.pact == pact) {
					held.remove();
					entry.pact = null;
					release();
					return true;
				}
			}
			return false;
		}

		/**
		 * Registers every pact still held, in the order they were created, and stops holding
		 * registrations on this thread.
		 */
		@Override
		public void close() {
			PactRegistry.this.heldRegistrations.remove();
			for (Entry entry : this.entries) {
				if (list(entry)) {
					activate(entry);
				}
				else {
					logger.log(Level.WARNING, () -> "Cancelling pact " + entry.pact + ": the pact registry shut down "
							+ "while its registration was held back");
					PactBase pact = entry.pact;
					entry.pact = null;
					release();
					pact.cancel();
				}
			}
			this.entries.clear();
		}

	}

	private static final class PollerThreadFactory implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		PollerThreadFactory(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * Builds a {@link PactRegistry}. Each call checks its argument at once.
	 */
	public static final class Builder {

		private final ScheduledExecutorService scheduler;

		private PactClock clock = PactClock.system();

		private Duration tick = Duration.ofMillis(50);

		private int maxPollers = 8;

		private Duration slowPollThreshold = Duration.ofMillis(250);

		private Duration overdueRetention = Duration.ofMinutes(10);

		private int maxPacts = 100_000;

		private String threadNamePrefix = "pact-poller-";

		private final List<PactRegistryListener> listeners = new ArrayList<>();

		private Builder(ScheduledExecutorService scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		}

		/**
		 * Sets the clock on which pacts are scheduled and deadlines are checked.
		 * @param clock the clock; the system clock by default
		 * @return this builder
		 */
		public Builder clock(PactClock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Sets how often the periodic task looks for due pacts: the granularity of poll intervals.
		 * @param tick a positive duration; 50 ms by default
		 * @return this builder
		 */
		public Builder tick(Duration tick) {
			this.tick = requirePositive(tick, "tick");
			return this;
		}

		/**
		 * Sets how many poller threads may run at once (more start only while pollers are held up).
		 * @param maxPollers at least 1; 8 by default
		 * @return this builder
		 */
		public Builder maxPollers(int maxPollers) {
			this.maxPollers = requireAtLeastOne(maxPollers, "maxPollers");
			return this;
		}

		/**
		 * Sets how long one poll may hold up a poller before the next tick starts another one.
		 * @param slowPollThreshold a positive duration; 250 ms by default
		 * @return this builder
		 */
		public Builder slowPollThreshold(Duration slowPollThreshold) {
			this.slowPollThreshold = requirePositive(slowPollThreshold, "slowPollThreshold");
			return this;
		}

		/**
		 * Sets how long a pact stays registered, overdue, after its deadline, before it is cancelled
		 * and dropped.
		 * @param overdueRetention zero or positive; 10 minutes by default
		 * @return this builder
		 */
		public Builder overdueRetention(Duration overdueRetention) {
			Objects.requireNonNull(overdueRetention, "overdueRetention");
			if (overdueRetention.isNegative()) {
				throw new IllegalArgumentException("overdueRetention must be zero or positive, but was " + overdueRetention);
			}
			this.overdueRetention = overdueRetention;
			return this;
		}

		/**
		 * Sets how many pacts may be registered at once; registering one more throws.
		 * @param maxPacts at least 1; 100,000 by default
		 * @return this builder
		 */
		public Builder maxPacts(int maxPacts) {
			this.maxPacts = requireAtLeastOne(maxPacts, "maxPacts");
			return this;
		}

		/**
		 * Sets the name prefix of the poller threads.
		 * @param threadNamePrefix the prefix; {@code pact-poller-} by default
		 * @return this builder
		 */
		public Builder threadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
			return this;
		}

		/**
		 * Adds a listener.
		 * @param listener told of every event
		 * @return this builder
		 */
		public Builder listener(PactRegistryListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Creates the registry and schedules its periodic task.
		 * @return a running registry
		 */
		public PactRegistry build() {
			return new PactRegistry(this);
		}

		private static Duration requirePositive(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, but was " + duration);
			}
			return duration;
		}

		private static int requireAtLeastOne(int value, String name) {
			if (value < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
			}
			return value;
		}

	}

}
