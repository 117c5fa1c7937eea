package org.pactlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The examples of the README section "Beyond the seed", on a {@link VirtualClock}, like
 * {@link UserGuideTest}. The regions between {@code tag::} and {@code end::} are copied into README.md,
 * and {@link ReadmeTest} keeps the two identical.
 */
class BeyondTheSeedTest {

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

	/**
	 * A VM that starts, whose API is unreachable in its second second, and that goes into ERROR from its
	 * third second on; an unknown VM is a {@code NoSuchElementException}.
	 */
	private String vmStatus(String vm) {
		if (!vm.equals("vm-7")) {
			throw new NoSuchElementException("no VM " + vm);
		}
		long second = this.clock.elapsed().toSeconds();
		if (second == 1) {
			throw new UncheckedIOException(new IOException("connection refused"));
		}
		return (second >= 3) ? "ERROR" : "STARTING";
	}

	/**
	 * An export API that keeps answering 503.
	 */
	private boolean isExportReady(String id) {
		throw new UncheckedIOException(new IOException("503 Service Unavailable"));
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

	Pact pactDeleteAsync(String path) {
		Pact returned = Pact.builder("Deleting " + path).clock(clock).build();
		long operationId = deleteAsync(path);
		returned.until(() -> isAsyncDeleteFinished(operationId));
		return returned;
	}

	@Test
	void outcomes() {
		// tag::outcomes[]
		Pact pact = pactDeleteAsync("/path")
			.then(() -> println("deleted"))
			.lastly(() -> println("cleaning up"));
		pact.fail("permission denied");
		assertThat(pact.state()).isEqualTo(PactState.FAILED);
		assertThat(pact.isFinished()).isFalse();
		try {
			pact.await();
		}
		catch (PactFailedException e) {
			println("Got exception: " + e.getMessage());
		}
		// end::outcomes[]
		assertThat(this.out).hasToString(
				"cleaning up\nGot exception: <Pact: Deleting /path> failed: permission denied\n");
		assertThat(pact.getFailure().getReason()).isEqualTo("permission denied");
	}

	@Test
	void failingFast() {
		// tag::failing-fast[]
		Pact pact = Pact.builder("Starting vm-7").clock(clock)
			.ignoreExceptions(UncheckedIOException.class) // API unreachable: not yet
			.failOn(NoSuchElementException.class)         // no such VM: failed
			.build()
			.failWhen(() -> vmStatus("vm-7").equals("ERROR"), "vm-7 went into ERROR")
			.until(() -> vmStatus("vm-7").equals("RUNNING"));
		try {
			pact.await(Duration.ofHours(1));
		}
		catch (PactFailedException e) {
			println("Got exception after " + time() + " seconds: " + e.getMessage());
		}
		// end::failing-fast[]
		assertThat(this.out)
			.hasToString("Got exception after 3.0 seconds: <Pact: Starting vm-7> failed: vm-7 went into ERROR\n");
		assertThat(pact.getLastIgnoredException()).hasRootCauseMessage("connection refused");
		Pact unknown = Pact.builder("Starting vm-8").clock(this.clock)
			.failOn(NoSuchElementException.class)
			.build()
			.until(() -> vmStatus("vm-8").equals("RUNNING"));
		assertThatExceptionOfType(PactFailedException.class).isThrownBy(unknown::await)
			.withCauseInstanceOf(NoSuchElementException.class);
	}

	@Test
	void cancellation() {
		// tag::cancellation[]
		Pact p1 = pactDeleteAsync("/path1").lastly(() -> println("cleaning up /path1"));
		Pact p2 = pactDeleteAsync("/path2").then(() -> println("deleted /path2"));
		PactGroup group = p1.groupWith(p2);
		assertThat(group.cancel()).isTrue();
		assertThat(p2.state()).isEqualTo(PactState.CANCELLED);
		assertThatExceptionOfType(CancellationException.class).isThrownBy(group::await);
		// end::cancellation[]
		assertThat(this.out).hasToString("cleaning up /path1\n");
		assertThat(p1.state()).isEqualTo(PactState.CANCELLED);
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void futures() {
		// tag::futures[]
		CompletableFuture<String> upload = new CompletableFuture<>();
		Pact pact = Pact.builder("Uploading backup").clock(clock).build().untilComplete(upload);
		pact.toCompletableFuture().thenRun(() -> println("uploaded"));
		upload.complete("etag-42");
		pact.await();
		// end::futures[]
		assertThat(this.out).hasToString("uploaded\n");
		assertThat(pact.state()).isEqualTo(PactState.FINISHED);
		assertThat(this.clock.elapsed()).isZero();
	}

	@Test
	void backoff() {
		// tag::backoff[]
		Pact pact = Pact.builder("Deleting /huge_dir").clock(clock)
			.backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(8), 2))
			.build();
		long operationId = deleteAsync("/huge_dir");
		pact.during(() -> print(time() + " ")).until(() -> isAsyncDeleteFinished(operationId)).await();
		// end::backoff[]
		assertThat(this.out).hasToString("0.0 1.0 3.0 7.0 15.0 23.0 31.0 ");
		assertThat(pact.isFinished()).isTrue();
	}

	@Test
	void diagnostics() {
		// tag::diagnostics[]
		Pact pact = Pact.builder("Exporting report").clock(clock)
			.ignoreExceptions(UncheckedIOException.class)
			.build()
			.until(() -> isExportReady("report-1"));
		try {
			pact.await(Duration.ofSeconds(10));
		}
		catch (TimeoutExpiredException e) {
			println(e.describe());
		}
		// end::diagnostics[]
		assertThat(this.out).hasToString("Timeout of 10 seconds expired waiting for <Pact: Exporting report>"
				+ System.lineSeparator() + "  pending: <Pact: Exporting report> (0 of 1 conditions held), "
				+ "last ignored: java.io.UncheckedIOException: java.io.IOException: 503 Service Unavailable\n");
	}

}
