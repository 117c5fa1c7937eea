package org.pactlib.test.spring;

import org.pactlib.PactClock;
import org.pactlib.registry.PactFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application of the Spring tests: the starter's auto-configuration and one service.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PactTestApplication {

	@Bean
	DeletionService deletionService(PactFactory pacts, PactClock clock) {
		return new DeletionService(pacts, clock);
	}

}
