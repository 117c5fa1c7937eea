package org.pactlib.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pactlib.PactGroup;
import org.pactlib.PactState;
import org.pactlib.sample.storage.Deletions;
import org.pactlib.sample.storage.StorageService;
import org.pactlib.test.PactProbe;
import org.pactlib.test.VirtualTime;
import org.pactlib.test.spring.AutoConfigurePacts;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.pactlib.test.PactAssertions.assertThat;

/**
 * The deletion API over real HTTP, on virtual time, with a temporary directory as the storage root:
 * deleting one entry takes a virtual second, so each test knows what is deleted when.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@AutoConfigurePacts(virtualTime = true)
class DeletionApiTests {

	@TempDir
	static Path root;

	@Autowired
	RestTestClient client;

	@Autowired
	VirtualTime time;

	@Autowired
	PactProbe probe;

	@Autowired
	SampleApplicationTests.QueuedExecutor executor;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("sample.storage.root", () -> root.toString());
		registry.add("sample.storage.delay-per-file", () -> "1s");
		registry.add("sample.storage.max-batch", () -> "3");
	}

	@Test
	void deletionEndsFinishedAndTheTreeIsGone() throws IOException {
		Path tree = tree("finished");
		Deletions.View started = start("{\"path\":\"" + tree + "\"}");
		assertThat(started.state()).isEqualTo("PENDING");
		assertThat(started.kind()).isEqualTo("plain");
		this.time.advance(Duration.ofMillis(3250));
		assertThat(get(started.id()).state()).isEqualTo("PENDING");
		assertThat(entries(tree)).isEqualTo(4);
		this.time.advance(Duration.ofSeconds(5));
		assertThat(get(started.id()).state()).isEqualTo("FINISHED");
		assertThat(tree).doesNotExist();
		assertThat(this.probe.ended(StorageService.DELETE, PactState.FINISHED)).hasSize(1);
		this.client.delete().uri("/deletions/{id}", started.id()).exchange().expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").isEqualTo("deletion " + started.id() + " has already ended: FINISHED");
	}

	@Test
	void cancelledDeletionEndsCancelledAndTheRestOfTheTreeStays() throws IOException {
		Path tree = tree("cancelled");
		Deletions.View started = start("{\"path\":\"" + tree + "\"}");
		this.time.advance(Duration.ofMillis(2500));
		this.client.delete().uri("/deletions/{id}", started.id()).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
		this.time.advance(Duration.ofSeconds(20));
		assertThat(get(started.id()).state()).isEqualTo("CANCELLED");
		assertThat(entries(tree)).isEqualTo(5);
	}

	@Test
	void deletionThatReachesAnUnreadableFileFails() throws IOException {
		Path tree = tree("unreadable");
		Files.writeString(tree.resolve("d2").resolve("UNREADABLE"), "?");
		Deletions.View started = start("{\"path\":\"" + tree + "\"}");
		this.time.advance(Duration.ofSeconds(20));
		Deletions.View failed = get(started.id());
		assertThat(failed.state()).isEqualTo("FAILED");
		assertThat(failed.failure()).contains("UNREADABLE").contains("unreadable file");
		assertThat(this.probe.single(StorageService.DELETE)).hasFailedWith(UncheckedIOException.class, "UNREADABLE");
		assertThat(tree.resolve("d2").resolve("UNREADABLE")).exists();
	}

	@Test
	void deletionOfAFileInAnUnwritableDirectoryFails() throws IOException {
		Path tree = tree("unwritable");
		Path locked = tree.resolve("d1");
		assertThat(locked.toFile().setWritable(false)).isTrue();
		try {
			assumeFalse(Files.isWritable(locked), "running as root, who may delete in an unwritable directory");
			Deletions.View started = start("{\"path\":\"" + tree + "\"}");
			this.time.advance(Duration.ofSeconds(20));
			Deletions.View failed = get(started.id());
			assertThat(failed.state()).isEqualTo("FAILED");
			assertThat(failed.failure()).contains("AccessDeniedException");
		}
		finally {
			locked.toFile().setWritable(true);
		}
	}

	@Test
	void deletionWithADeadlineIsOverdueAfterItAndStillFinishes() throws IOException {
		Path tree = tree("deadline");
		Deletions.View started = start("{\"path\":\"" + tree + "\",\"deadline\":\"PT3S\"}");
		assertThat(started.kind()).isEqualTo("deadline");
		assertThat(started.deadline()).isEqualTo(started.createdAt().plusSeconds(3));
		this.time.advance(Duration.ofSeconds(4));
		Deletions.View late = get(started.id());
		assertThat(late.state()).isEqualTo("PENDING");
		assertThat(late.deadlinePassed()).isTrue();
		this.time.advance(Duration.ofSeconds(4));
		assertThat(get(started.id()).state()).isEqualTo("FINISHED");
		assertThat(tree).doesNotExist();
	}

	@Test
	void asyncDeletionStartsOnTheExecutorAndFinishes() throws IOException {
		Path tree = tree("async");
		Deletions.View started = start("{\"path\":\"" + tree + "\",\"async\":true}");
		assertThat(started.kind()).isEqualTo("async");
		this.time.advance(Duration.ofSeconds(10));
		assertThat(tree).exists();
		this.executor.runQueuedTasks();
		this.time.advance(Duration.ofSeconds(8));
		assertThat(get(started.id()).state()).isEqualTo("FINISHED");
		assertThat(tree).doesNotExist();
	}

	@Test
	void batchFinishesAsAGroupOnceEveryTreeIsGone() throws IOException {
		Path small = Files.createDirectories(root.resolve("batch-small"));
		Files.writeString(small.resolve("one"), "1");
		Path big = tree("batch-big");
		Deletions.View started = this.client.post().uri("/deletions/batch").contentType(MediaType.APPLICATION_JSON)
			.body("{\"paths\":[\"" + small + "\",\"" + big + "\"]}")
			.exchange().expectStatus().isAccepted()
			.expectBody(Deletions.View.class).returnResult().getResponseBody();
		assertThat(started.kind()).isEqualTo("batch");
		assertThat(started.paths()).containsExactly(small.toString(), big.toString());
		this.time.advance(Duration.ofMillis(3250));
		assertThat(small).doesNotExist();
		assertThat(big).exists();
		assertThat(get(started.id()).state()).isEqualTo("PENDING");
		this.time.advance(Duration.ofSeconds(5));
		assertThat(get(started.id()).state()).isEqualTo("FINISHED");
		assertThat(big).doesNotExist();
		assertThat(this.probe.single(StorageService.BATCH)).isInstanceOf(PactGroup.class).isFinished();
		assertThat(this.probe.ended(StorageService.DELETE, PactState.FINISHED)).hasSize(2);
	}

	@Test
	void cancelledBatchCancelsTheDeletionsStillPending() throws IOException {
		Path first = tree("cancelled-batch-1");
		Path second = tree("cancelled-batch-2");
		String id = this.client.post().uri("/deletions/batch").contentType(MediaType.APPLICATION_JSON)
			.body("{\"paths\":[\"" + first + "\",\"" + second + "\"]}")
			.exchange().expectStatus().isAccepted()
			.expectBody(Deletions.View.class).returnResult().getResponseBody().id();
		this.time.advance(Duration.ofMillis(2500));
		this.client.delete().uri("/deletions/{id}", id).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
		this.time.advance(Duration.ofSeconds(20));
		assertThat(get(id).state()).isEqualTo("CANCELLED");
		assertThat(this.probe.ended(StorageService.DELETE, PactState.CANCELLED)).hasSize(2);
		assertThat(entries(first)).isEqualTo(5);
		assertThat(entries(second)).isEqualTo(5);
	}

	@Test
	void listShowsTheDeletionsNewestFirst() throws IOException {
		Deletions.View first = start("{\"path\":\"" + tree("list-1") + "\"}");
		Deletions.View second = start("{\"path\":\"" + tree("list-2") + "\"}");
		this.client.get().uri("/deletions").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$[0].id").isEqualTo(second.id())
			.jsonPath("$[1].id").isEqualTo(first.id());
		this.time.advance(Duration.ofSeconds(10));
	}

	/** A tree of 7 entries: {@code d1/1}, {@code d1/2}, {@code d2/1}, {@code d2/2}, {@code d1}, {@code d2} and itself. */
	private static Path tree(String name) throws IOException {
		return Trees.create(root.resolve(name), 2, 2);
	}

	private static long entries(Path tree) throws IOException {
		return Trees.entries(tree);
	}

	private Deletions.View start(String json) {
		EntityExchangeResult<Deletions.View> result = this.client.post().uri("/deletions")
			.contentType(MediaType.APPLICATION_JSON).body(json)
			.exchange().expectStatus().isAccepted()
			.expectBody(Deletions.View.class).returnResult();
		Deletions.View view = result.getResponseBody();
		assertThat(view.id()).isNotBlank();
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/deletions/" + view.id());
		return view;
	}

	private Deletions.View get(String id) {
		return this.client.get().uri("/deletions/{id}", id).exchange().expectStatus().isOk()
			.expectBody(Deletions.View.class).returnResult().getResponseBody();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Executor {

		@Bean
		SampleApplicationTests.QueuedExecutor taskExecutor() {
			return new SampleApplicationTests.QueuedExecutor();
		}

	}

}
