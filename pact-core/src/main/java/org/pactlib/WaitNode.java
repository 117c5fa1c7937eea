package org.pactlib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread waiting on a pact, in a Treiber stack of waiters, as {@code FutureTask} keeps them: the
 * thread pushes a node, checks what it waits for once more, then parks until the node is
 * {@linkplain #signal() signalled} or its time is up. Signalling pops the whole stack and unparks each
 * thread, so no wake-up is lost and none allocates.
 *
 * <p>A node is also the {@link Future} a {@link PactClock} sleeps on: it is done once signalled.
 */
final class WaitNode implements Future<Void> {

	private static final VarHandle SIGNALLED;

	static {
		try {
			SIGNALLED = MethodHandles.lookup().findVarHandle(WaitNode.class, "signalled", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Thread thread = Thread.currentThread();

	@SuppressWarnings("unused")
	private volatile boolean signalled;

	WaitNode next;

	/**
	 * Wakes the waiting thread; later calls do nothing.
	 */
	void signal() {
		if (SIGNALLED.compareAndSet(this, false, true)) {
			Thread waiting = this.thread;
			if (waiting != null) {
				LockSupport.unpark(waiting);
			}
		}
	}

	/**
	 * Marks this node as given up by its thread (it stopped waiting without being signalled), so that
	 * the stack can drop it.
	 */
	void abandon() {
		this.thread = null;
	}

	/**
	 * Returns whether the node was given up.
	 */
	boolean isAbandoned() {
		return this.thread == null;
	}

	/**
	 * Pushes a node on a stack held by {@code owner} in the field behind {@code stack}.
	 * @return the node
	 */
	static WaitNode push(VarHandle stack, Object owner, WaitNode node) {
		for (;;) {
			WaitNode head = (WaitNode) stack.getVolatile(owner);
			node.next = head;
			if (stack.compareAndSet(owner, head, node)) {
				return node;
			}
		}
	}

	/**
	 * Takes the whole stack off and signals every node of it.
	 */
	static void signalAll(VarHandle stack, Object owner) {
		if (stack.getVolatile(owner) != null) {
			signalAll((WaitNode) stack.getAndSet(owner, null));
		}
	}

	/**
	 * Unlinks the abandoned nodes of a stack, as {@code FutureTask.removeWaiter} does, starting over
	 * when a race with another remover or a push leaves it unsure.
	 */
	static void removeAbandoned(VarHandle stack, Object owner) {
		retry:
		for (;;) {
			WaitNode previous = null;
			for (WaitNode node = (WaitNode) stack.getVolatile(owner); node != null;) {
				WaitNode next = node.next;
				if (!node.isAbandoned()) {
					previous = node;
				}
				else if (previous != null) {
					previous.next = next;
					if (previous.isAbandoned()) {
						continue retry;
					}
				}
				else if (!stack.compareAndSet(owner, node, next)) {
					continue retry;
				}
				node = next;
			}
			return;
		}
	}

	/**
	 * Returns how many nodes a stack holds now.
	 */
	static int count(VarHandle stack, Object owner) {
		int count = 0;
		for (WaitNode node = (WaitNode) stack.getVolatile(owner); node != null; node = node.next) {
			count++;
		}
		return count;
	}

	/**
	 * Signals every node of a stack whose head was just taken off.
	 * @param head the first node, or {@code null}
	 */
	private static void signalAll(WaitNode head) {
		for (WaitNode node = head; node != null;) {
			WaitNode next = node.next;
			node.next = null;
			node.signal();
			node = next;
		}
	}

	@Override
	public boolean isDone() {
		return this.signalled;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		return false;
	}

	@Override
	public boolean isCancelled() {
		return false;
	}

	@Override
	public Void get() throws InterruptedException {
		while (!this.signalled) {
			LockSupport.park(this);
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
		return null;
	}

	/**
	 * Parks the calling thread until this node is signalled or the time is up.
	 * @throws TimeoutException when the time is up first
	 * @throws InterruptedException if the thread is interrupted
	 */
	@Override
	public Void get(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
		long end = System.nanoTime() + unit.toNanos(timeout);
		for (long left = unit.toNanos(timeout); !this.signalled; left = end - System.nanoTime()) {
			if (left <= 0) {
				throw new TimeoutException();
			}
			LockSupport.parkNanos(this, left);
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
		return null;
	}

}
