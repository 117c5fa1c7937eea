package org.pactlib.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.pactlib.Pact;
import org.pactlib.PactClock;
import org.pactlib.PactState;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the {@link Pact} handles of the durable pacts this instance created in step with their rows: on
 * one thread of its own, every {@code interval}, it reads the rows of all watched pacts in a few queries
 * and ends the handle of each pact that is settled (ended, its end callbacks run), on whichever
 * instance: a finished pact's handle finishes (its local {@code then} and {@code lastly} callbacks run
 * on the watcher's thread), a failed one fails with the same reason, a cancelled one is cancelled. A
 * handle created in a transaction is watched once the transaction commits; if it rolls back, the handle
 * is cancelled, since the pact never existed.
 */
public class DurablePactWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DurablePactWatcher.class);

	private static final int BATCH = 200;

	private final DurablePactStore store;

	private final PactClock clock;

	private final Duration interval;

	private final Duration endedRetention;

	private final List<DurablePactObserver> observers;

	private final Map<String, Watched> watched = new ConcurrentHashMap<>();

	private final Map<Pact, String> ids = Collections.synchronizedMap(new WeakHashMap<>());

	private final ScheduledExecutorService executor;

	/**
	 * Creates the watcher and starts its thread.
	 * @param store the table of durable pacts
	 * @param clock the clock of the handles
	 * @param interval how often the rows are read
	 * @param endedRetention how long ended rows are kept before the watcher deletes them
	 * @param observers told of every pact created here and its end
	 */
	public DurablePactWatcher(DurablePactStore store, PactClock clock, Duration interval, Duration endedRetention,
			List<DurablePactObserver> observers) {
		this.store = store;
		this.clock = clock;
		this.interval = interval;
		this.endedRetention = endedRetention;
		this.observers = List.copyOf(observers);
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pact-durable-watcher");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
		this.executor.scheduleWithFixedDelay(this::deleteEnded, 1, 60, TimeUnit.SECONDS);
	}

	/**
	 * Returns a handle of a durable pact just written (maybe in the caller's transaction), and watches it.
	 * @param row the new pact
	 * @param timeout the pact's deadline, counted from now, or {@code null}
	 * @param onLocalEnd called with the handle when it ends (whatever ended it), to carry a local
	 * {@code cancel} or {@code fail} over to the row
	 * @return the handle
	 */
	public Pact watch(DurablePactRow row, Duration timeout, Consumer<Pact> onLocalEnd) {
		CompletableFuture<Void> finished = new CompletableFuture<>();
		Pact handle = Pact.builder(row.description())
			.timeout(timeout)
			.clock(this.clock)
			.pollInterval(this.interval)
			.build()
			.untilComplete(finished)
			.fixConditions("The condition of a durable pact is the named handler given to DurablePacts");
		handle.lastly(() -> onLocalEnd.accept(handle));
		this.ids.put(handle, row.id());
		Watched entry = new Watched(row, handle, finished);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status == STATUS_COMMITTED) {
						start(entry);
					}
					else {
						handle.cancel();
					}
				}
			});
		}
		else {
			start(entry);
		}
		return handle;
	}

	/**
	 * Returns the id of the durable pact of a handle created here.
	 * @param handle the handle
	 * @return the id, or empty if the handle is not one of a durable pact created by this instance
	 */
	public Optional<String> idOf(Pact handle) {
		return Optional.ofNullable(this.ids.get(handle));
	}

	/**
	 * Returns how many handles are watched.
	 * @return the number of handles whose pacts are not settled yet
	 */
	public int size() {
		return this.watched.size();
	}

	/**
	 * Reads the watched rows once, now, on the calling thread, and ends the handles of settled pacts.
	 */
	public void check() {
		try {
			List<String> ids = new ArrayList<>(this.watched.keySet());
			for (int from = 0; from < ids.size(); from += BATCH) {
				List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
				List<DurablePactRow> rows = this.store.findAll(batch);
				for (DurablePactRow row : rows) {
					if (row.isSettled()) {
						settle(row);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the durable pacts watched here; trying again in " + this.interval, ex);
		}
	}

	private void start(Watched entry) {
		this.watched.put(entry.row().id(), entry);
		this.observers.forEach((observer) -> notify(() -> observer.created(entry.row())));
	}

	private void settle(DurablePactRow row) {
		Watched entry = this.watched.remove(row.id());
		if (entry == null) {
			return;
		}
		try {
			if (row.state() == PactState.FINISHED) {
				entry.finished().complete(null);
				entry.handle().tryPoll();
			}
			else if (row.state() == PactState.FAILED) {
				entry.handle().fail((row.failure() != null) ? row.failure() : "failed");
			}
			else {
				entry.handle().cancel();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("A local callback of the handle of durable pact " + row.id() + " threw", ex);
		}
		this.observers.forEach((observer) -> notify(() -> observer.ended(row)));
	}

	private void deleteEnded() {
		try {
			this.store.deleteEndedBefore(this.store.getClock().instant().minus(this.endedRetention));
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot delete ended durable pacts", ex);
		}
	}

	private static void notify(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("A durable pact observer threw", ex);
		}
	}

	/**
	 * Stops the watcher's thread; handles stay as they are.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private record Watched(DurablePactRow row, Pact handle, CompletableFuture<Void> finished) {

	}

}
