package org.pactlib.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pactlib.PactState;
import org.pactlib.sample.durable.DurableDeletionController;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable deletions over real HTTP, on the in-memory H2 of the tests: one runs to its end and its
 * notification is recorded once; one is cancelled and what it had not deleted stays; bad input is a
 * problem detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DurableDeletionApiTests {

	@TempDir
	static Path root;

	@Autowired
	RestTestClient client;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> root.toString());
		registry.add("pact.durable.polling-interval", () -> "100ms");
		registry.add("pact.durable.default-poll-interval", () -> "50ms");
		registry.add("pact.durable.handle-poll-interval", () -> "50ms");
	}

	@Test
	void aDurableDeletionDeletesTheTreeOverSeveralPollsAndNotifiesOnce() throws IOException {
		Path tree = tree("finished", 12);
		DurableDeletionController.View started = start(tree);
		assertThat(started.state()).isEqualTo(PactState.PENDING);
		DurableDeletionController.View ended = await().atMost(Duration.ofSeconds(20))
			.until(() -> get(started.id()), (view) -> !view.notifications().isEmpty());
		assertThat(ended.state()).isEqualTo(PactState.FINISHED);
		assertThat(ended.polls()).as("5 entries a poll, 15 entries").isEqualTo(3);
		assertThat(ended.notifications()).containsExactly(1);
		assertThat(tree).doesNotExist();
		this.client.delete().uri("/durable-deletions/{id}", started.id()).exchange().expectStatus().isEqualTo(409);
		this.client.get().uri("/actuator/pacts/{id}", started.id()).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.durable").isEqualTo(true).jsonPath("$.state").isEqualTo("FINISHED");
	}

	@Test
	void aCancelledDurableDeletionStopsAndWhatIsLeftStays() throws IOException {
		Path tree = tree("cancelled", 200);
		DurableDeletionController.View started = start(tree);
		DurableDeletionController.View cancelled = this.client.delete().uri("/durable-deletions/{id}", started.id())
			.exchange().expectStatus().isOk().expectBody(DurableDeletionController.View.class).returnResult()
			.getResponseBody();
		assertThat(cancelled.state()).isEqualTo(PactState.CANCELLED);
		assertThat(tree).exists();
		assertThat(get(started.id()).notifications()).isEmpty();
	}

	@Test
	void aPathOutsideTheRootIsABadRequest() {
		this.client.post().uri("/durable-deletions").contentType(MediaType.APPLICATION_JSON)
			.body("{\"path\":\"/etc\"}").exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail).contains("inside"));
		this.client.get().uri("/durable-deletions/nope").exchange().expectStatus().isNotFound();
	}

	private DurableDeletionController.View start(Path tree) {
		return this.client.post().uri("/durable-deletions").contentType(MediaType.APPLICATION_JSON)
			.body("{\"path\":\"" + tree + "\"}").exchange().expectStatus().isAccepted()
			.expectBody(DurableDeletionController.View.class).returnResult().getResponseBody();
	}

	private DurableDeletionController.View get(String id) {
		return this.client.get().uri("/durable-deletions/{id}", id).exchange().expectStatus().isOk()
			.expectBody(DurableDeletionController.View.class).returnResult().getResponseBody();
	}

	private static Path tree(String name, int files) throws IOException {
		Path tree = Files.createDirectories(root.resolve(name).resolve("a").resolve("b"));
		for (int i = 0; i < files; i++) {
			Files.writeString(tree.resolve("f" + i), "x");
		}
		return root.resolve(name);
	}

}
