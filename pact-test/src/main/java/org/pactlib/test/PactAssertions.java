package org.pactlib.test;

import org.pactlib.PactBase;

/**
 * The entry point of the AssertJ assertions on pacts and groups; import it statically beside
 * {@code org.assertj.core.api.Assertions}:
 * <pre>{@code
 * assertThat(pact).isFinished();
 * assertThat(pact).hasFailedWith("the export service gave up on q3");
 * assertThat(pact).polledBy(registry).finishesWithin(Duration.ofMinutes(10));
 * }</pre>
 */
public final class PactAssertions {

	private PactAssertions() {
	}

	/**
	 * Starts an assertion on a pact or group. Every failure message shows the pact's snapshot, as
	 * {@link PactDescriptions#describe(PactBase)} writes it.
	 * @param pact the pact or group, which may be {@code null} (the assertion then fails)
	 * @return the assertion
	 */
	public static PactAssert assertThat(PactBase pact) {
		return new PactAssert(pact);
	}

}
