package org.pactlib.autoconfigure.actuate;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.autoconfigure.actuate.EndpointClient.Response;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.endpoint.pacts.access=read-only}, over real HTTP: pacts are listed and shown,
 * but {@code DELETE} is refused and the pact stays pending.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=pacts", "management.endpoint.pacts.access=read-only" })
class PactsEndpointReadOnlyHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private PactFactory factory;

	@Autowired
	private PactRegistry registry;

	@AfterEach
	void cancelLeftovers() {
		EndpointClient.cancelAll(this.registry);
	}

	@Test
	void readsWorkButDeleteIsRefusedAndThePactStaysPending() {
		AtomicBoolean never = new AtomicBoolean();
		Pact pact = this.factory.create("Deleting /a", never::get);
		String id = this.registry.snapshot().get(0).id();
		EndpointClient http = new EndpointClient(this.port);

		assertThat(http.get("/actuator/pacts").status()).isEqualTo(200);
		assertThat(http.get("/actuator/pacts/" + id).status()).isEqualTo(200);
		Response refused = http.delete("/actuator/pacts/" + id);
		assertThat(refused.status()).isEqualTo(405);
		assertThat(pact.state()).isEqualTo(PactState.PENDING);
		assertThat(this.registry.find(id)).isPresent();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
