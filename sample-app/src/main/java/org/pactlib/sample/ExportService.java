package org.pactlib.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.pactlib.Pact;
import org.pactlib.registry.PactFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Starts exports and purges and reacts when they end, without a thread per wait.
 */
@Service
public class ExportService {

	private static final Logger logger = LoggerFactory.getLogger(ExportService.class);

	private final PactFactory pacts;

	private final ExportClient client;

	private final List<String> ready = new CopyOnWriteArrayList<>();

	public ExportService(PactFactory pacts, ExportClient client) {
		this.pacts = pacts;
		this.client = client;
	}

	/**
	 * Starts an export; the returned pact is polled in the background, and its callbacks record the
	 * outcome.
	 * @param report the report's name
	 * @return the export's pact
	 */
	// tag::export[]
	public Pact export(String report) {
		String jobId = this.client.start(report);
		return this.pacts.builder("Exporting " + report)
			.name("report.export")
			.until(() -> this.client.isDone(jobId))
			.failWhen(() -> this.client.hasFailed(jobId), "the export service gave up on " + report)
			.then(() -> this.ready.add(report))
			.then(() -> logger.info("Report {} is ready", report))
			.lastly(() -> logger.info("Export of {} ended", report))
			.create();
	}
	// end::export[]

	/**
	 * Purges a directory: the caller gets a pact at once, the purge starts on the application task
	 * executor, and no thread waits for it to end.
	 * @param directory the directory
	 * @return the purge's pact
	 */
	// tag::purge[]
	@Async
	public Pact purge(String directory) {
		String jobId = this.client.start("purge of " + directory);
		return this.pacts.create("Purging " + directory, () -> this.client.isDone(jobId));
	}
	// end::purge[]

	/**
	 * Returns the reports whose export finished, in the order they did.
	 * @return the ready reports
	 */
	public List<String> readyReports() {
		return List.copyOf(this.ready);
	}

}
