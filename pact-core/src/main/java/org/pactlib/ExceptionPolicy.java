package org.pactlib;

import java.util.function.Function;

/**
 * What a {@link Pact} makes of exceptions: those its conditions may throw to mean "not yet"
 * (ignored), those that fail it, and what {@code await} throws on timeout. Immutable; pacts built
 * without any share {@link #NONE}.
 *
 * @param ignored exception types that mean "not yet"
 * @param failing exception types that fail the pact
 * @param timeoutFactory turns a {@link TimeoutExpiredException} into what {@code await} throws, or
 * {@code null} to throw it as it is
 */
record ExceptionPolicy(Class<?>[] ignored, Class<?>[] failing,
		Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutFactory) {

	private static final Class<?>[] NO_TYPES = {};

	/** No ignored or failing type, the timeout exception as it is. */
	static final ExceptionPolicy NONE = new ExceptionPolicy(NO_TYPES, NO_TYPES, null);

	/**
	 * Returns the policy of these settings, {@link #NONE} when they are the defaults.
	 */
	static ExceptionPolicy of(Class<?>[] ignored, Class<?>[] failing,
			Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutFactory) {
		return (ignored.length == 0 && failing.length == 0 && timeoutFactory == null) ? NONE
				: new ExceptionPolicy(ignored, failing, timeoutFactory);
	}

}
