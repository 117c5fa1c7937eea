package org.pactlib.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Work that the {@link PollingEngine} runs again and again at due times: the poll of one registered
 * pact, or the deadline of one. A task knows nothing of pacts; subclasses say what one run does.
 *
 * <p><b>One state word.</b> A task is always in exactly one place, and its {@code state} says which;
 * every change of state is a compare-and-set, so two threads can never both move the same task:
 * <table>
 * <caption>States of a task and where it is</caption>
 * <tr><th>state</th><th>where the task is</th></tr>
 * <tr><td>{@code IDLE}</td><td>nowhere: not handed to the engine yet</td></tr>
 * <tr><td>{@code QUEUED}</td><td>the ready queue, or the batch a poller took from it, waiting to run</td></tr>
 * <tr><td>{@code RUNNING}</td><td>a poller's hands, running</td></tr>
 * <tr><td>{@code RUN_AGAIN}</td><td>a poller's hands, running, and woken meanwhile: it runs again at once</td></tr>
 * <tr><td>{@code TO_WHEEL}</td><td>the inbox, on its way into the timing wheel at its due time</td></tr>
 * <tr><td>{@code IN_WHEEL}</td><td>the timing wheel, until its due time</td></tr>
 * <tr><td>{@code WOKEN}</td><td>the inbox, on its way to the ready queue (woken before its due time)</td></tr>
 * <tr><td>{@code DONE}</td><td>nowhere: finished for good; a structure that still links it drops it</td></tr>
 * </table>
 * <table>
 * <caption>Transitions</caption>
 * <tr><th>from</th><th>to</th><th>by</th></tr>
 * <tr><td>IDLE</td><td>QUEUED</td><td>{@code submit}: first run at once</td></tr>
 * <tr><td>IDLE</td><td>TO_WHEEL</td><td>{@code schedule}: first run at a due time</td></tr>
 * <tr><td>QUEUED</td><td>RUNNING</td><td>a poller claims it</td></tr>
 * <tr><td>RUNNING</td><td>TO_WHEEL</td><td>its run asked for a next run; pushed on the inbox</td></tr>
 * <tr><td>RUNNING</td><td>RUN_AGAIN</td><td>{@code wake}</td></tr>
 * <tr><td>RUN_AGAIN</td><td>QUEUED</td><td>its run ended; appended to the ready queue</td></tr>
 * <tr><td>TO_WHEEL</td><td>IN_WHEEL</td><td>the wheel's owner drains the inbox</td></tr>
 * <tr><td>TO_WHEEL</td><td>WOKEN</td><td>{@code wake} (the task is on the inbox already)</td></tr>
 * <tr><td>IN_WHEEL</td><td>WOKEN</td><td>{@code wake}; pushed on the inbox, whose drain unlinks it</td></tr>
 * <tr><td>IN_WHEEL</td><td>QUEUED</td><td>its due time came; the wheel's owner moves it</td></tr>
 * <tr><td>WOKEN</td><td>QUEUED</td><td>the wheel's owner drains the inbox</td></tr>
 * <tr><td>any but DONE</td><td>DONE</td><td>{@code cancel}, or its run asked for no next run; from
 * IN_WHEEL it is pushed on the inbox so that the wheel's owner unlinks it</td></tr>
 * </table>
 * A task is pushed on the inbox only by a transition into TO_WHEEL, WOKEN (from IN_WHEEL) or DONE (from
 * IN_WHEEL), and appended to the ready queue only by a transition into QUEUED; so it is never linked
 * twice into one structure. Wake-ups in QUEUED, RUN_AGAIN and WOKEN change nothing: at most one extra
 * run follows any number of wake-ups, and none is lost. A task enters TO_WHEEL a moment before it is
 * pushed on the inbox; a wake-up in that moment may find the inbox without it, so the pusher, finding
 * the task WOKEN after its push, has the inbox drained itself.
 */
abstract class EngineTask {

	/** The value of {@link #run} that asks for no next run. */
	static final long DONE_RUNNING = Long.MIN_VALUE;

	static final int IDLE = 0;

	static final int QUEUED = 1;

	static final int RUNNING = 2;

	static final int RUN_AGAIN = 3;

	static final int TO_WHEEL = 4;

	static final int IN_WHEEL = 5;

	static final int WOKEN = 6;

	static final int DONE = 7;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(EngineTask.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused")
	private volatile int state;

	/** When the next run is due, on the engine's clock; written before the task enters the inbox. */
	long dueNanos;

	/** The next task on the inbox (a stack); owned by whoever pushed or drained it. */
	EngineTask nextInInbox;

	/** The next task in the ready queue; guarded by the queue's lock. */
	EngineTask nextReady;

	/** The wheel bucket that links the task, or -1; these three are owned by the wheel's owner. */
	int wheelBucket = -1;

	EngineTask wheelPrev;

	EngineTask wheelNext;

	/** The tick at which the wheel fires the task; owned by the wheel's owner. */
	long wheelTick;

	/**
	 * Runs the task once, on a poller thread (never two runs of one task at once).
	 * @param nowNanos the engine's time at the start of the run, on its clock
	 * @return when the next run is due on the engine's clock, or {@link #DONE_RUNNING}
	 */
	abstract long run(long nowNanos);

	/**
	 * Reports what a run threw (a bug: runs handle the failures of user code themselves) and says when
	 * to run the task again.
	 * @param failure what the run threw
	 * @param nowNanos the engine's time at the start of the run
	 * @return when the next run is due, or {@link #DONE_RUNNING}
	 */
	abstract long runFailed(Throwable failure, long nowNanos);

	final int state() {
		return (int) STATE.getVolatile(this);
	}

	final boolean transition(int from, int to) {
		return STATE.compareAndSet(this, from, to);
	}

	final boolean isDone() {
		return state() == DONE;
	}

	static String stateName(int state) {
		return switch (state) {
			case IDLE -> "IDLE";
			case QUEUED -> "QUEUED";
			case RUNNING -> "RUNNING";
			case RUN_AGAIN -> "RUN_AGAIN";
			case TO_WHEEL -> "TO_WHEEL";
			case IN_WHEEL -> "IN_WHEEL";
			case WOKEN -> "WOKEN";
			case DONE -> "DONE";
			default -> "UNKNOWN(" + state + ")";
		};
	}

}
