package org.pactlib.registry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where any thread drops a task it has moved, for the wheel's owner to place: a lock-free stack
 * (Treiber's) linked through the tasks themselves ({@link EngineTask#nextInInbox}), taken whole. A task
 * is dropped here only by a transition into a state that says it is here, so it is never linked twice.
 */
final class Inbox {

	private static final VarHandle HEAD;

	static {
		try {
			HEAD = MethodHandles.lookup().findVarHandle(Inbox.class, "head", EngineTask.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused")
	private volatile EngineTask head;

	/**
	 * Drops a task; any thread.
	 */
	void push(EngineTask task) {
		for (;;) {
			EngineTask first = (EngineTask) HEAD.getVolatile(this);
			task.nextInInbox = first;
			if (HEAD.compareAndSet(this, first, task)) {
				return;
			}
		}
	}

	/**
	 * Returns whether nothing waits here.
	 */
	boolean isEmpty() {
		return HEAD.getVolatile(this) == null;
	}

	/**
	 * Takes every task dropped so far.
	 * @return the first of them, in the order they were dropped, linked by {@link EngineTask#nextInInbox}
	 */
	EngineTask takeAll() {
		EngineTask reversed = null;
		for (EngineTask task = (EngineTask) HEAD.getAndSet(this, null); task != null;) {
			EngineTask next = task.nextInInbox;
			task.nextInInbox = reversed;
			reversed = task;
			task = next;
		}
		return reversed;
	}

}
