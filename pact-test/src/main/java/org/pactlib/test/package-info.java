/**
 * Testing code that uses pacts: AssertJ assertions on pacts ({@link org.pactlib.test.PactAssertions}),
 * virtual time polled on the test's thread ({@link org.pactlib.test.VirtualTime}), and a probe of what
 * a registry registered ({@link org.pactlib.test.PactProbe}). Plain Java: Spring is not needed here.
 */
package org.pactlib.test;
