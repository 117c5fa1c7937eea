package org.pactlib;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every example of the seed's user guide, on a {@link VirtualClock}, printing what the guide prints.
 * The regions between {@code tag::} and {@code end::} are copied into README.md, and
 * {@link ReadmeTest} keeps the two identical.
 */
class UserGuideTest {

	private final VirtualClock clock = new VirtualClock();

	private final Map<Long, Long> asyncDeletes = new HashMap<>();

	private final StringBuilder out = new StringBuilder();

	private long deleteAsync(String path) {
		long operationId = this.asyncDeletes.size();
		Duration takes = path.contains("huge") ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
		this.asyncDeletes.put(operationId, this.clock.nanoTime() + takes.toNanos());
		return operationId;
	}

	private boolean isAsyncDeleteFinished(long operationId) {
		return this.clock.nanoTime() >= this.asyncDeletes.get(operationId);
	}

	private void print(String text) {
		this.out.append(text);
	}

	private void println(String line) {
		this.out.append(line).append('\n');
	}

	private double time() {
		return this.clock.nanoTime() / 1e9;
	}

	private void sleep(Duration duration) throws InterruptedException {
		this.clock.sleep(duration);
	}

	// tag::creating[]
	Pact pactDeleteAsync(String path) {
		Pact returned = Pact.builder("Deleting " + path).clock(clock).build();
		long operationId = deleteAsync(path);
		returned.until(() -> isAsyncDeleteFinished(operationId));
		return returned;
	}
	// end::creating[]

	// tag::deadline-factory[]
	Pact pactDeleteAsyncKnownTime(String path, Duration timeout) {
		Pact returned = Pact.builder("Deleting " + path).timeout(timeout).clock(clock).build();
		long operationId = deleteAsync(path);
		returned.until(() -> isAsyncDeleteFinished(operationId));
		return returned;
	}
	// end::deadline-factory[]

	@Test
	void checkingPactStatus() throws InterruptedException {
		// tag::status[]
		Pact p = pactDeleteAsync("/path");
		assertThat(p.poll()).isFalse();
		assertThat(p.isFinished()).isFalse();
		sleep(Duration.ofSeconds(10));
		assertThat(p.isFinished()).isFalse();
		assertThat(p.poll()).isTrue();
		assertThat(p.isFinished()).isTrue();
		// end::status[]
	}

	@Test
	void waitingOnPacts() {
		// tag::wait[]
		Pact p = pactDeleteAsync("/path");
		p.await();
		assertThat(p.isFinished()).isTrue();
		// end::wait[]
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void waitingWithATimeout() {
		// tag::wait-timeout[]
		Pact p = pactDeleteAsync("/path");
		try {
			p.await(Duration.ofMillis(1500));
		}
		catch (TimeoutExpiredException e) {
			println("Got exception: " + e.getMessage());
		}
		// end::wait-timeout[]
		assertThat(this.out).hasToString(
				"Got exception: Timeout of 1.5 seconds expired waiting for <Pact: Deleting /path>\n");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void groupingPacts() {
		// tag::group[]
		Pact p1 = pactDeleteAsync("/path1");
		Pact p2 = pactDeleteAsync("/path2");
		PactGroup group = new PactGroup(List.of(p1, p2));
		// end::group[]
		assertThat(group).containsExactly(p1, p2);
		// tag::group-with[]
		group = p1.groupWith(p2);
		group.await();
		// end::group-with[]
		assertThat(p1.isFinished()).isTrue();
		assertThat(p2.isFinished()).isTrue();
		assertThat(group.isFinished()).isTrue();
	}

	@Test
	void groupTimeoutNamesOnlyThePendingPact() {
		// tag::group-timeout[]
		PactGroup group = pactDeleteAsync("/path1").groupWith(pactDeleteAsync("/huge_directory"));
		try {
			group.await(Duration.ofSeconds(10));
		}
		catch (TimeoutExpiredException e) {
			println("Got exception: " + e.getMessage());
		}
		// end::group-timeout[]
		assertThat(this.out).hasToString(
				"Got exception: Timeout of 10 seconds expired waiting for [<Pact: Deleting /huge_directory>]\n");
	}

	@Test
	void lazyGroup() {
		// tag::lazy-group[]
		Pact pactA = pactDeleteAsync("/path_a").during(() -> print("a")).then(() -> print("A"));
		Pact pactB = pactDeleteAsync("/path_b").during(() -> print("b")).then(() -> println("B"));
		new PactGroup(List.of(pactA, pactB)).await();
		// end::lazy-group[]
		assertThat(this.out).hasToString("aaaaaaaaaaaAbB\n");
	}

	@Test
	void eagerGroup() {
		// tag::eager-group[]
		Pact pactA = pactDeleteAsync("/path_a").during(() -> print("a")).then(() -> print("A"));
		Pact pactB = pactDeleteAsync("/path_b").during(() -> print("b")).then(() -> println("B"));
		PactGroup group = PactGroup.builder().lazy(false).build().add(pactA).add(pactB);
		group.await();
		// end::eager-group[]
		assertThat(this.out).hasToString("ababababababababababaAbB\n");
	}

	@Test
	void deadlineFromCreation() {
		// tag::deadline[]
		Pact pact = pactDeleteAsyncKnownTime("/path", Duration.ofSeconds(8));
		try {
			pact.await();
		}
		catch (TimeoutExpiredException e) {
			println("Got exception: " + e.getMessage());
		}
		// end::deadline[]
		assertThat(this.out).hasToString(
				"Got exception: Timeout of 8.0 seconds expired waiting for <Pact: Deleting /path>\n");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void explicitTimeoutReplacesTheDeadline() {
		Pact pact = pactDeleteAsyncKnownTime("/path", Duration.ofSeconds(8));
		pact.await(Duration.ofSeconds(20));
		assertThat(pact.isFinished()).isTrue();
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void thenCallbacksOfMembersRunWhenEachFinishes() {
		// tag::group-then[]
		PactGroup group = pactDeleteAsync("/path1").then(() -> println("finished"))
			.groupWith(pactDeleteAsync("/huge_directory").then(() -> println("also finished")));
		// end::group-then[]
		group.await();
		assertThat(this.out).hasToString("finished\nalso finished\n");
	}

	@Test
	void absorbingPacts() {
		// tag::absorb[]
		PactGroup group = new PactGroup();
		Pact p1 = pactDeleteAsync("/path1").then(() -> println("finished"));
		Pact p2 = pactDeleteAsync("/huge_directory").then(() -> println("also finished"));
		group.add(p1, true);
		group.add(p2, true);
		// end::absorb[]
		p1.await();
		assertThat(this.out).isEmpty();
		group.await();
		assertThat(this.out).hasToString("finished\nalso finished\n");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void triggeringActions() {
		// tag::then[]
		pactDeleteAsync("/path1").then(() -> println("finished")).await();
		// end::then[]
		assertThat(this.out).hasToString("finished\n");
	}

	@Test
	void chainingThen() {
		// tag::then-chain[]
		pactDeleteAsync("/path1")
			.then(() -> println("message1"))
			.then(() -> println("message2"))
			.await();
		// end::then-chain[]
		assertThat(this.out).hasToString("message1\nmessage2\n");
	}

	@Test
	void thenOnGroups() {
		// tag::then-group[]
		double startTime = time();
		PactGroup group = pactDeleteAsync("/path1")
			.then(() -> println("path1 finished after " + (time() - startTime) + " seconds"))
			.groupWith(pactDeleteAsync("/huge_dir")
				.then(() -> println("huge_dir finished after " + (time() - startTime) + " seconds")));
		group.await();
		// end::then-group[]
		assertThat(this.out).hasToString("path1 finished after 10.0 seconds\nhuge_dir finished after 30.0 seconds\n");
	}

	@Test
	void lastlyRunsAfterThen() {
		// tag::lastly[]
		pactDeleteAsync("/path1").lastly(() -> println("cleaning up")).then(() -> println("finished")).await();
		// end::lastly[]
		assertThat(this.out).hasToString("finished\ncleaning up\n");
	}

	@Test
	void lastlyOnGroups() {
		PactGroup group = pactDeleteAsync("/path1").groupWith(pactDeleteAsync("/huge_dir"))
			.lastly(() -> println("cleaning up"))
			.then(() -> println("both finished"));
		group.await();
		assertThat(this.out).hasToString("both finished\ncleaning up\n");
	}

	@Test
	void duringTheWait() {
		// tag::during[]
		pactDeleteAsync("/path").during(() -> print("~")).then(() -> println("Done!")).await();
		// end::during[]
		assertThat(this.out).hasToString("~~~~~~~~~~~Done!\n");
	}

	@Test
	void onTimeoutCallbacks() {
		// tag::on-timeout[]
		Pact pact = pactDeleteAsync("/path").onTimeout(() -> println("bummer")).onTimeout(() -> println("so what now?"));
		assertThatExceptionOfType(TimeoutExpiredException.class).isThrownBy(() -> pact.await(Duration.ofSeconds(5)));
		// end::on-timeout[]
		assertThat(this.out).hasToString("bummer\nso what now?\n");
		pact.await();
		assertThat(this.out).hasToString("bummer\nso what now?\n");
		assertThat(pact.isFinished()).isTrue();
	}

}
