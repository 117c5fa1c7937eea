package org.pactlib.durable;

/**
 * A {@code then}, {@code lastly} or {@code onTimeout} callback of durable pacts, registered as a Spring
 * bean whose name is the handler's name ({@code @Bean("storage.notify")}). Runs on any instance, on a
 * scheduler thread, <b>at least once</b> per pact: an instance that dies after it ran but before that
 * was recorded leaves it to run again on another instance, so it should use
 * {@link DurablePactContext#idempotencyKey()} to do its work once.
 *
 * @param <P> the payload's type, read from JSON with the application's Jackson mapper
 */
@FunctionalInterface
public interface DurableCallback<P> {

	/**
	 * Runs the callback. An exception is logged and recorded on the pact's row; it stops neither the
	 * other callbacks nor the pact's end.
	 * @param payload the pact's payload, or {@code null} if it has none
	 * @param context the pact, the call, and its idempotency key
	 * @throws Exception if the callback failed
	 */
	void run(P payload, DurablePactContext context) throws Exception;

}
