package org.pactlib;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The conditions of a {@link Pact}, as an array whose slots are edge-triggered: a condition that held
 * is replaced by {@link #HELD}, so it is never called again and its closure is let go of at once; when
 * the pact ends, the others are replaced by {@link #NOT_HELD}, so an ended pact keeps no closure
 * reachable. Only the thread that holds the pact's poll writes the slots.
 */
final class Conditions {

	/** No conditions. */
	static final BooleanSupplier[] NONE = {};

	/** Takes the place of a condition that held. */
	static final BooleanSupplier HELD = () -> true;

	/** Takes the place of a condition that had not held when the pact ended. */
	static final BooleanSupplier NOT_HELD = () -> false;

	private Conditions() {
	}

	/**
	 * Evaluates the conditions not held yet, in order, marking those that hold; a lazy pact stops at the
	 * first that does not.
	 * @return whether all held
	 */
	static boolean evaluate(Pact pact, BooleanSupplier[] conditions, boolean lazy) {
		boolean all = true;
		for (int i = 0; i < conditions.length; i++) {
			BooleanSupplier condition = conditions[i];
			if (condition != HELD) {
				if (pact.holds(condition)) {
					conditions[i] = HELD;
				}
				else {
					all = false;
					if (lazy) {
						break;
					}
				}
			}
		}
		return all;
	}

	/**
	 * Returns how many conditions held.
	 */
	static int held(BooleanSupplier[] conditions) {
		int held = 0;
		for (BooleanSupplier condition : conditions) {
			held += (condition == HELD) ? 1 : 0;
		}
		return held;
	}

	/**
	 * Lets go of the closures of the conditions that had not held, keeping how many held.
	 */
	static void release(BooleanSupplier[] conditions) {
		for (int i = 0; i < conditions.length; i++) {
			if (conditions[i] != HELD) {
				conditions[i] = NOT_HELD;
			}
		}
	}

	/**
	 * Returns whether {@code ex} is an instance of one of {@code types}.
	 */
	static boolean isInstanceOfAny(Throwable ex, Class<?>[] types) {
		for (Class<?> type : types) {
			if (type.isInstance(ex)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks and copies exception types given to a builder.
	 * @throws NullPointerException if the array or one of its types is {@code null}
	 */
	static Class<?>[] requireTypes(Class<?>[] types) {
		Class<?>[] copy = Objects.requireNonNull(types, "types").clone();
		for (Class<?> type : copy) {
			Objects.requireNonNull(type, "types must not contain null");
		}
		return copy;
	}

}
