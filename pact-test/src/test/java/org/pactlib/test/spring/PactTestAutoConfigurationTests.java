package org.pactlib.test.spring;

import org.junit.jupiter.api.Test;
import org.pactlib.PactClock;
import org.pactlib.VirtualClock;
import org.pactlib.autoconfigure.PactAutoConfiguration;
import org.pactlib.registry.PactRegistry;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PactTestAutoConfiguration} adds, property by property, and how it fails when the
 * application's clock cannot be moved.
 */
class PactTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PactTestAutoConfiguration.class, PactAutoConfiguration.class));

	@Test
	void withoutVirtualTimeOnlyTheProbeIsAddedAndListensToTheRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PactProbe.class).doesNotHaveBean(VirtualTime.class);
			assertThat(context.getBean(PactClock.class)).isNotInstanceOf(VirtualClock.class);
			PactRegistry registry = context.getBean(PactRegistry.class);
			registry.register(new org.pactlib.Pact("Deleting /a").until(() -> false), "deletion");
			assertThat(context.getBean(PactProbe.class).names()).containsExactly("deletion");
		});
	}

	@Test
	void withVirtualTimeTheRegistryRunsOnAVirtualClockThatTheHandleMoves() {
		this.runner.withPropertyValues("pact.test.virtual-time=true").run((context) -> {
			assertThat(context).hasSingleBean(VirtualClock.class).hasSingleBean(VirtualTime.class);
			VirtualTime time = context.getBean(VirtualTime.class);
			assertThat(time.clock()).isSameAs(context.getBean(PactRegistry.class).getClock());
			assertThat(time.registry()).isSameAs(context.getBean(PactRegistry.class));
		});
	}

	@Test
	void aClockOfTheApplicationThatIsNotVirtualIsRefusedWithAMessage() {
		this.runner.withPropertyValues("pact.test.virtual-time=true")
			.withBean(PactClock.class, PactClock::system)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("@AutoConfigurePacts(virtualTime = true) needs a VirtualClock, but the "
						+ "application's PactClock is ")
				.hasMessageContaining(": declare a VirtualClock bean instead"));
	}

	@Test
	void aProbeOfTheTestsOwnIsKept() {
		PactProbe own = new PactProbe();
		this.runner.withBean(PactProbe.class, () -> own)
			.run((context) -> assertThat(context.getBean(PactProbe.class)).isSameAs(own));
	}

}
