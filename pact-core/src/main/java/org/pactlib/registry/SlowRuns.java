package org.pactlib.registry;

/**
 * Told by the {@link PollingEngine}, on the tick's thread, of a run that has held its poller thread for
 * the slow-poll threshold: once per such run. Must return quickly.
 */
@FunctionalInterface
interface SlowRuns {

	/**
	 * Reports one slow run.
	 * @param task the task running
	 * @param thread the poller thread it holds
	 * @param heldNanos for how long, to the nearest tick
	 */
	void report(EngineTask task, Thread thread, long heldNanos);

}
