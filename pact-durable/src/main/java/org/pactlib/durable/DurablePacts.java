package org.pactlib.durable;

import java.util.List;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.jspecify.annotations.Nullable;
import org.pactlib.Pact;
import org.pactlib.PactState;

/**
 * Creates durable pacts and ends them from any instance. A durable pact is a row of the application's
 * database polled by db-scheduler on whichever instance is alive: it survives restarts, and every
 * instance sees and can cancel it. Its condition and callbacks are named handlers
 * ({@link DurableCondition} and {@link DurableCallback} beans) that get its JSON payload.
 *
 * <pre>{@code
 * Pact pact = durablePacts.pact("storage.delete")
 *     .describedAs("Deleting /x")
 *     .payload(new Deletion("/x"))
 *     .until("storage.isDeleted")
 *     .then("storage.notify")
 *     .timeout(Duration.ofMinutes(5))
 *     .start();
 * }</pre>
 *
 * Thread-safe. Every method that writes joins the caller's Spring transaction when there is one.
 */
public class DurablePacts {

	/** The db-scheduler task whose executions poll durable pacts. */
	public static final String TASK_NAME = "pact-durable";

	private final DurablePactStore store;

	private final DurableHandlers handlers;

	private final SchedulerClient scheduler;

	private final DurablePactWatcher watcher;

	private final DurableSettings defaults;

	private final String instanceName;

	/**
	 * Creates the bean.
	 * @param store the table of durable pacts
	 * @param handlers the named handlers
	 * @param scheduler db-scheduler's client (on a transaction-aware data source)
	 * @param watcher keeps the handles of the pacts created here in step with their rows
	 * @param defaults the settings of pacts created without their own
	 * @param instanceName the name of this instance, recorded as the creator
	 */
	public DurablePacts(DurablePactStore store, DurableHandlers handlers, SchedulerClient scheduler,
			DurablePactWatcher watcher, DurableSettings defaults, String instanceName) {
		this.store = store;
		this.handlers = handlers;
		this.scheduler = scheduler;
		this.watcher = watcher;
		this.defaults = defaults;
		this.instanceName = instanceName;
	}

	/**
	 * Begins a durable pact.
	 * @param name the low-cardinality name of the kind of operation ({@code storage.delete}): a metric tag,
	 * never an id or a path
	 * @return a builder; nothing is written before {@link DurablePactBuilder#start()}
	 * @throws IllegalArgumentException if the name is blank
	 */
	public DurablePactBuilder pact(String name) {
		return new DurablePactBuilder(this, name, this.defaults);
	}

	/**
	 * Reads a durable pact's row, from whichever instance created it.
	 * @param id the pact's id
	 * @return the row, or empty if there is none
	 */
	public Optional<DurablePactRow> find(String id) {
		return this.store.find(id);
	}

	/**
	 * Returns the id of the durable pact a handle stands for.
	 * @param handle a handle returned by {@link DurablePactBuilder#start()} on this instance
	 * @return the pact's id, or empty for any other pact
	 */
	public Optional<String> idOf(Pact handle) {
		return this.watcher.idOf(handle);
	}

	/**
	 * Lists the newest durable pacts in a state, newest first.
	 * @param state the state
	 * @param limit how many at most
	 * @return the rows
	 */
	public List<DurablePactRow> list(PactState state, int limit) {
		return this.store.list(state, null, null, limit);
	}

	/**
	 * Cancels a pending durable pact, from any instance: its {@code lastly} handlers run (at least once)
	 * on the instance that polls it next, which is asked to poll it at once.
	 * @param id the pact's id
	 * @return {@code true} if this call cancelled it, {@code false} if it had ended or does not exist
	 */
	public boolean cancel(String id) {
		return end(id, PactState.CANCELLED, "Cancelled");
	}

	/**
	 * Fails a pending durable pact, from any instance: its {@code lastly} handlers run (at least once) on
	 * the instance that polls it next.
	 * @param id the pact's id
	 * @param reason why it failed
	 * @return {@code true} if this call failed it, {@code false} if it had ended or does not exist
	 */
	public boolean fail(String id, String reason) {
		return end(id, PactState.FAILED, reason);
	}

	/**
	 * Returns the names of the handlers that pacts may name.
	 * @return the handlers
	 */
	public DurableHandlers getHandlers() {
		return this.handlers;
	}

	/**
	 * Returns the name of this instance.
	 * @return the name recorded as creator and poller
	 */
	public String getInstanceName() {
		return this.instanceName;
	}

	Pact start(DurablePactRow row, java.time.@Nullable Duration timeout) {
		this.store.insert(row);
		this.scheduler.schedule(new TaskInstance<Void>(TASK_NAME, row.id()), row.created());
		return this.watcher.watch(row, timeout, (handle) -> endFromHandle(row.id(), handle));
	}

	String instanceName() {
		return this.instanceName;
	}

	DurablePactStore store() {
		return this.store;
	}

	private void endFromHandle(String id, Pact handle) {
		PactState state = handle.state();
		if (state == PactState.CANCELLED) {
			cancel(id);
		}
		else if (state == PactState.FAILED) {
			fail(id, (handle.getFailure() != null) ? handle.getFailure().getReason() : "Failed");
		}
	}

	private boolean end(String id, PactState outcome, String reason) {
		if (!this.store.end(id, outcome, reason, false)) {
			return false;
		}
		try {
			this.scheduler.reschedule(TaskInstanceId.of(TASK_NAME, id), this.store.getClock().instant());
		}
		catch (RuntimeException ex) {
			// running now: that poll finds the pact ended and runs its lastly handlers
		}
		return true;
	}

}
