package org.pactlib.test.spring;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.VirtualClock;
import org.pactlib.test.VirtualTime;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * {@code @AutoConfigurePacts(virtualTime = true)} with a {@code VirtualClock} the test declares: that
 * clock is the one moved.
 */
@SpringBootTest(classes = { PactTestApplication.class, AutoConfigurePactsOwnClockTests.OwnClock.class })
@AutoConfigurePacts(virtualTime = true)
class AutoConfigurePactsOwnClockTests {

	static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	VirtualTime time;

	@Autowired
	DeletionService service;

	@Test
	void theTestsClockIsTheOneMoved() {
		assertThat(this.time.clock().instant()).isEqualTo(ORIGIN);
		Pact pact = this.service.delete("/a", Duration.ofHours(1));
		this.time.assertThat(pact).finishesWithin(Duration.ofHours(1));
		assertThat(this.time.clock().instant()).isEqualTo(ORIGIN.plus(Duration.ofHours(1)));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnClock {

		@Bean
		VirtualClock testClock() {
			return new VirtualClock(ORIGIN);
		}

	}

}
