package org.pactlib.semantics;

import java.util.List;

/**
 * The operations a random sequence applies, to the real pacts ({@link RealPacts}) or to the reference
 * model ({@link ReferenceModel}). Pacts, groups, conditions and callbacks are named by ids that the
 * sequence gives them as it creates them; an operation on an id that no step created does nothing
 * (so that a shrunk sequence stays valid). Each operation returns what it did as a label: its result
 * ({@code true}, {@code false}, {@code ok}), or the exception it threw, by kind and message. A
 * condition or callback that throws throws a {@link UserFailure} named after itself, and the label
 * shows which exceptions were attached to which as suppressed: {@code threw during3[then5[lastly6]]}.
 */
interface PactWorld {

	/** A pact on the world's virtual clock: lazy or eager, with a deadline of {@code timeoutMillis} or none. */
	String createPact(int id, boolean lazy, Long timeoutMillis);

	/** A group on the world's virtual clock, of the given members, added in order. */
	String createGroup(int id, boolean lazy, Long timeoutMillis, List<Integer> members);

	/**
	 * {@code until}: a condition that holds once {@link #makeTrue} named it (and until then returns
	 * {@code false}, or throws when {@code throwing}), or, when {@code atMillis} is set, once the clock
	 * reached it.
	 */
	String until(int pact, int condition, Long atMillis, boolean throwing);

	/** Makes a condition made by {@link #until} hold from now on. */
	String makeTrue(int condition);

	String then(int pact, int callback, boolean throwing);

	String lastly(int pact, int callback, boolean throwing);

	String during(int pact, int callback, boolean throwing);

	String onTimeout(int pact, int callback, boolean throwing);

	String poll(int pact);

	String cancel(int pact);

	String fail(int pact);

	/** {@code add(member, absorb)} on a group. */
	String add(int group, int member, boolean absorb);

	/** Moves the virtual clock forward. */
	String advance(long millis);

	/** {@code await(timeout)}, or {@code await()} when {@code timeoutMillis} is null. */
	String await(int pact, Long timeoutMillis);

	/**
	 * Returns everything observable without evaluating anything: the clock, the callbacks' and
	 * conditions' log, and each pact's state, {@code isFinished} and {@code toString}, each group's
	 * iteration order.
	 */
	String observe();

}
