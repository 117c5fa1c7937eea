package org.pactlib.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.fail;

/**
 * Random sequences of operations on pacts and nested groups, on one virtual clock, checked after every
 * step against {@link ReferenceModel}: what each operation returns or throws (timeout messages
 * included), every pact's state, {@code isFinished}, {@code toString} and iteration order, the time,
 * and the log of which condition and callback ran, how many times and in which order. A failing
 * sequence is shrunk (steps removed while it still fails) and reported with its seed.
 *
 * <p>The build runs {@value #TRIES} sequences of up to {@value #STEPS} steps from a fixed seed, in well
 * under a second; {@code -Dpact.properties.deep=true} runs 20,000 of up to 80 steps from a new seed
 * (printed), and {@code -Dpact.properties.seed=N} repeats one.
 */
class PactSemanticsPropertyTest {

	private static final int TRIES = 200;

	private static final int STEPS = 40;

	private static final boolean DEEP = Boolean.getBoolean("pact.properties.deep");

	@Test
	void randomSequencesOfOperationsBehaveAsTheReferenceModelSays() {
		long seed = Long.getLong("pact.properties.seed", DEEP ? System.nanoTime() : 20261201L);
		int tries = DEEP ? 20_000 : TRIES;
		int steps = DEEP ? 80 : STEPS;
		System.out.println("PactSemanticsPropertyTest: seed " + seed + ", " + tries + " sequences");
		Random seeds = new Random(seed);
		for (int i = 0; i < tries; i++) {
			long sequenceSeed = seeds.nextLong();
			List<Step> sequence = generate(new Random(sequenceSeed), steps);
			String mismatch = run(sequence);
			if (mismatch != null) {
				List<Step> shrunk = shrink(sequence);
				fail("Sequence %d of seed %d (its own seed %d) differs from the model; shrunk to %d steps:%n  %s%n%s", i,
						seed, sequenceSeed, shrunk.size(), String.join("\n  ", shrunk.stream().map(Step::toString).toList()),
						run(shrunk));
			}
		}
	}

	private static List<Step> generate(Random random, int length) {
		ReferenceModel model = new ReferenceModel();
		RandomSteps steps = new RandomSteps(random);
		List<Step> sequence = new ArrayList<>();
		for (int i = 0; i < length; i++) {
			Step step = steps.next(model);
			step.applyTo(model);
			sequence.add(step);
		}
		return sequence;
	}

	/**
	 * Runs a sequence on the real pacts and on the model.
	 * @return how the first step that differs differs, or {@code null} if none does
	 */
	static String run(List<Step> sequence) {
		ReferenceModel model = new ReferenceModel();
		RealPacts real = new RealPacts();
		for (int i = 0; i < sequence.size(); i++) {
			Step step = sequence.get(i);
			String expected = step.applyTo(model);
			String actual;
			try {
				actual = step.applyTo(real);
			}
			catch (RuntimeException | Error ex) {
				actual = "threw " + ex;
			}
			String expectedView = model.observe();
			String actualView = real.observe();
			if (!expected.equals(actual) || !expectedView.equals(actualView)) {
				return "step " + (i + 1) + " " + step + "\n  model: " + expected + ", " + expectedView + "\n  real:  "
						+ actual + ", " + actualView;
			}
		}
		return null;
	}

	private static List<Step> shrink(List<Step> failing) {
		List<Step> current = failing;
		for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
			boolean removed = true;
			while (removed) {
				removed = false;
				for (int start = 0; start + chunk <= current.size(); start++) {
					List<Step> candidate = new ArrayList<>(current.subList(0, start));
					candidate.addAll(current.subList(start + chunk, current.size()));
					if (run(candidate) != null) {
						current = candidate;
						removed = true;
						break;
					}
				}
			}
		}
		return current;
	}

}
