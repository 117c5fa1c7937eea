package org.pactlib.durable;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.pactlib.PactState;
import org.pactlib.durable.DurablePactContext.Kind;

/**
 * One poll of a durable pact, as a db-scheduler execution (whose instance id is the pact's id): evaluates
 * the condition and reschedules the execution after the pact's backoff, or ends the pact and runs the
 * end callbacks it is owed, then removes the execution. db-scheduler runs one execution on one instance
 * at a time and revives it elsewhere when its instance stops sending heartbeats.
 *
 * <p>Transitions of the pact's row are exactly once (each is one guarded update, see
 * {@link DurablePactStore}); handlers run at least once: a callback is recorded as done after it ran,
 * so an instance that dies in between leaves it to run again on the instance that revives the poll.
 * The order is that of an in-memory pact: {@code onTimeout} once the deadline passed, then on the end
 * {@code then} (only when finished), then {@code lastly}. A pact still pending {@code overdueRetention}
 * after its deadline is cancelled. A condition that throws fails the pact; a callback that throws is
 * logged and recorded on the row and stops nothing.
 */
public class DurablePoller implements ExecutionHandler<Void> {

	private static final Log logger = LogFactory.getLog(DurablePoller.class);

	private final DurablePactStore store;

	private final DurableHandlers handlers;

	private final String instanceName;

	/**
	 * Creates the poller.
	 * @param store the table of durable pacts
	 * @param handlers the named handlers
	 * @param instanceName the name of this instance, recorded while it polls a pact
	 */
	public DurablePoller(DurablePactStore store, DurableHandlers handlers, String instanceName) {
		this.store = store;
		this.handlers = handlers;
		this.instanceName = instanceName;
	}

	/**
	 * Polls the pact whose id is the execution's instance id.
	 * @param taskInstance the execution
	 * @param executionContext db-scheduler's context
	 * @return a reschedule while the pact is pending, a removal once it is settled or gone
	 */
	@Override
	public CompletionHandler<Void> execute(TaskInstance<Void> taskInstance, ExecutionContext executionContext) {
		String id = taskInstance.getId();
		Optional<DurablePactRow> found = this.store.find(id);
		if (found.isEmpty()) {
			return new CompletionHandler.OnCompleteRemove<>();
		}
		DurablePactRow row = found.get();
		if (row.state() == PactState.PENDING) {
			Instant next = poll(row);
			if (next != null) {
				return (complete, operations) -> operations.reschedule(complete, next);
			}
			found = this.store.find(id);
			if (found.isEmpty()) {
				return new CompletionHandler.OnCompleteRemove<>();
			}
			row = found.get();
		}
		settle(row);
		return new CompletionHandler.OnCompleteRemove<>();
	}

	private @Nullable Instant poll(DurablePactRow row) {
		String id = row.id();
		if (!this.store.beginPoll(id, this.instanceName)) {
			return null;
		}
		Clock clock = this.store.getClock();
		Instant now = clock.instant();
		Instant deadline = row.deadline();
		if (deadline != null && !now.isBefore(deadline)) {
			if (row.overdueSince() == null) {
				this.store.markOverdue(id);
			}
			if (!row.timeoutDone()) {
				runCallbacks(row, Kind.TIMEOUT, row.timeoutHandlers());
			}
			if (!now.isBefore(deadline.plus(row.overdueRetention()))) {
				this.store.end(id, PactState.CANCELLED,
						"Cancelled: still pending " + row.overdueRetention() + " after its deadline", false);
				return null;
			}
		}
		DurablePactContext context = context(row, Kind.CONDITION, row.condition());
		boolean done;
		try {
			done = this.handlers.isDone(row.condition(), row.payload(), context);
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			this.store.end(id, PactState.FAILED, String.valueOf(ex), true);
			return null;
		}
		if (done) {
			this.store.end(id, PactState.FINISHED, null, true);
			return null;
		}
		this.store.endPoll(id);
		return clock.instant().plus(row.backoff().delay(row.polls() + 1));
	}

	private void settle(DurablePactRow row) {
		if (row.state() == PactState.FINISHED && !row.thenDone()) {
			runCallbacks(row, Kind.THEN, row.thenHandlers());
		}
		if (!row.lastlyDone()) {
			runCallbacks(row, Kind.LASTLY, row.lastlyHandlers());
		}
	}

	private void runCallbacks(DurablePactRow row, Kind kind, List<String> names) {
		String error = null;
		for (String name : names) {
			try {
				this.handlers.run(name, row.payload(), context(row, kind, name));
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				logger.warn("The " + kind.key() + " callback '" + name + "' of durable pact " + row.id() + " ("
						+ row.name() + ") threw", ex);
				if (error == null) {
					error = kind.key() + " '" + name + "': " + ex;
				}
			}
		}
		this.store.markDone(row.id(), kind, error);
	}

	private static DurablePactContext context(DurablePactRow row, Kind kind, String handler) {
		return new DurablePactContext(row.id(), row.name(), row.description(), kind, handler, row.polls(),
				row.created(), row.deadline());
	}

	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

}
