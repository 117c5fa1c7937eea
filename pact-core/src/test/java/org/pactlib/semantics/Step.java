package org.pactlib.semantics;

import java.util.function.Function;

/**
 * One operation of a random sequence, applied alike to the real pacts and to the model.
 *
 * @param text the operation as it reads in a counterexample
 * @param operation what it does to a world, returning the world's label of what happened
 */
record Step(String text, Function<PactWorld, String> operation) {

	String applyTo(PactWorld world) {
		return this.operation.apply(world);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
