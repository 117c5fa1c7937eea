package org.pactlib;

/**
 * The one way pacts run code that users gave them (conditions aside, whose exceptions mean something):
 * every {@link Throwable} is caught, the first one is kept and the later ones are
 * {@linkplain Throwable#addSuppressed suppressed} into it, and the caller decides when to rethrow it,
 * after everything else that had to run has run.
 */
final class UserCode {

	/**
	 * How many exceptions one exception keeps suppressed at most, so that an exception that user code
	 * throws again and again (a constant) does not gather them without end.
	 */
	static final int MAX_SUPPRESSED = 100;

	private static final System.Logger logger = System.getLogger(UserCode.class.getPackageName());

	private UserCode() {
	}

	/**
	 * Logs what user code threw where nobody can be told otherwise (a future's {@code cancel}, which
	 * must not throw).
	 * @param where what ran the code, for the log line
	 * @param thrown what it threw, or {@code null} to log nothing
	 */
	static void report(String where, Throwable thrown) {
		if (thrown != null) {
			logger.log(System.Logger.Level.WARNING, where + " threw", thrown);
		}
	}

	/**
	 * Runs one callback.
	 * @param callback what to run
	 * @param thrown what earlier callbacks threw, or {@code null}
	 * @return {@code thrown}, or what this callback threw if it was the first to throw
	 */
	static Throwable run(Runnable callback, Throwable thrown) {
		try {
			callback.run();
			return thrown;
		}
		catch (Throwable ex) {
			return chain(thrown, ex);
		}
	}

	/**
	 * Runs callbacks in order, each whatever the ones before it threw.
	 * @param callbacks what to run
	 * @param thrown what earlier callbacks threw, or {@code null}
	 * @return the first exception, with the later ones suppressed, or {@code null}
	 */
	static Throwable runAll(Runnable[] callbacks, Throwable thrown) {
		for (Runnable callback : callbacks) {
			thrown = run(callback, thrown);
		}
		return thrown;
	}

	/**
	 * Keeps {@code first} and suppresses {@code later} into it, unless it keeps
	 * {@value #MAX_SUPPRESSED} already.
	 * @return the first of the two that is not {@code null}
	 */
	static Throwable chain(Throwable first, Throwable later) {
		if (first == null) {
			return later;
		}
		if (later != null && later != first && first.getSuppressed().length < MAX_SUPPRESSED) {
			first.addSuppressed(later);
		}
		return first;
	}

	/**
	 * Throws {@code thrown}, checked or not, unless it is {@code null}.
	 */
	static void rethrow(Throwable thrown) {
		if (thrown != null) {
			throw UserCode.<RuntimeException>sneaky(thrown);
		}
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> T sneaky(Throwable ex) throws T {
		throw (T) ex;
	}

}
