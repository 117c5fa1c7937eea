package org.pactlib.autoconfigure.actuate;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
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
 * Over real HTTP, the {@code pacts} endpoint is reachable only when the application exposes it, and
 * {@code DELETE} only when its access allows it: Boot's exposure and access properties, nothing of
 * the starter's own.
 */
class PactsEndpointExposureHttpTests {

	abstract static class WithAPendingPact {

		@LocalServerPort
		private int port;

		@Autowired
		private PactFactory factory;

		@Autowired
		private PactRegistry registry;

		private final AtomicBoolean never = new AtomicBoolean();

		@AfterEach
		void cancelLeftovers() {
			EndpointClient.cancelAll(this.registry);
		}

		EndpointClient http() {
			return new EndpointClient(this.port);
		}

		Pact pending() {
			return this.factory.create("Deleting /a", this.never::get);
		}

		String idOf(Pact pact) {
			return this.registry.snapshot().stream()
				.filter((snapshot) -> snapshot.description().equals(pact.getDescription()))
				.findFirst()
				.orElseThrow()
				.id();
		}

		PactRegistry registry() {
			return this.registry;
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class)
	class NotExposedByDefault extends WithAPendingPact {

		@Test
		void theActuatorAnswersButThePactsEndpointIsNotFound() {
			Pact pact = pending();
			String id = idOf(pact);
			assertThat(http().get("/actuator/health").status()).as("health, exposed by default").isEqualTo(200);
			assertThat(http().get("/actuator/pacts").status()).isEqualTo(404);
			assertThat(http().get("/actuator/pacts/" + id).status()).isEqualTo(404);
			assertThat(http().delete("/actuator/pacts/" + id).status()).isEqualTo(404);
			assertThat(http().get("/actuator").body().path("_links").has("pacts")).isFalse();
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = "management.endpoints.web.exposure.include=pacts")
	class ExposedWhenIncluded extends WithAPendingPact {

		@Test
		void listsOneAndCancelsAPact() {
			Pact pact = pending();
			String id = idOf(pact);
			assertThat(http().get("/actuator/pacts").status()).isEqualTo(200);
			assertThat(http().get("/actuator/pacts/" + id).status()).isEqualTo(200);
			assertThat(http().get("/actuator").body().path("_links").has("pacts")).isTrue();
			assertThat(http().delete("/actuator/pacts/" + id).status()).isEqualTo(200);
			assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "management.endpoints.web.exposure.include=*",
					"management.endpoints.web.exposure.exclude=pacts" })
	class ExcludedFromAWildcard extends WithAPendingPact {

		@Test
		void isNotFound() {
			Pact pact = pending();
			assertThat(http().get("/actuator/health").status()).isEqualTo(200);
			assertThat(http().get("/actuator/pacts").status()).isEqualTo(404);
			assertThat(http().delete("/actuator/pacts/" + idOf(pact)).status()).isEqualTo(404);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "management.endpoints.web.exposure.include=health,pacts",
					"management.endpoint.pacts.access=none" })
	class AccessNone extends WithAPendingPact {

		@Test
		void theEndpointIsGoneEvenThoughItIsExposed() {
			Pact pact = pending();
			assertThat(http().get("/actuator/health").status()).isEqualTo(200);
			assertThat(http().get("/actuator/pacts").status()).isEqualTo(404);
			assertThat(http().get("/actuator/pacts/" + idOf(pact)).status()).isEqualTo(404);
			assertThat(http().delete("/actuator/pacts/" + idOf(pact)).status()).isEqualTo(404);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "management.endpoints.web.exposure.include=pacts",
					"management.endpoints.access.default=read-only", "management.endpoint.pacts.access=unrestricted" })
	class UnrestrictedWhileOthersAreReadOnly extends WithAPendingPact {

		@Test
		void deleteCancelsThePact() {
			Pact pact = pending();
			assertThat(http().delete("/actuator/pacts/" + idOf(pact)).status()).isEqualTo(200);
			assertThat(pact.state()).isEqualTo(PactState.CANCELLED);
			assertThat(registry().size()).isZero();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "management.endpoints.web.exposure.include=pacts",
					"management.endpoint.pacts.access=unrestricted", "management.endpoints.access.max-permitted=read-only" })
	class UnrestrictedButCappedAtReadOnly extends WithAPendingPact {

		@Test
		void deleteIsRefusedAsMethodNotAllowedAndReadsWork() {
			Pact pact = pending();
			String id = idOf(pact);
			assertThat(http().get("/actuator/pacts/" + id).status()).isEqualTo(200);
			assertThat(http().delete("/actuator/pacts/" + id).status()).isEqualTo(405);
			assertThat(pact.state()).isEqualTo(PactState.PENDING);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
