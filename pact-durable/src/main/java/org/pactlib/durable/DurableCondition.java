package org.pactlib.durable;

/**
 * The condition of durable pacts, registered as a Spring bean whose name is the handler's name
 * ({@code @Bean("storage.isDeleted")}). Called on any instance, on a scheduler thread, never for one pact
 * on two threads at once; it should return quickly.
 *
 * @param <P> the payload's type, read from JSON with the application's Jackson mapper
 */
@FunctionalInterface
public interface DurableCondition<P> {

	/**
	 * Tells whether the operation is done.
	 * @param payload the pact's payload, or {@code null} if it has none
	 * @param context the pact and the call
	 * @return {@code true} once done: the pact finishes, and is never polled again
	 * @throws Exception to fail the pact, with the exception as the reason
	 */
	boolean isDone(P payload, DurablePactContext context) throws Exception;

}
