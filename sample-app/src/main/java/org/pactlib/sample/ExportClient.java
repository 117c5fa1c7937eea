package org.pactlib.sample;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.pactlib.PactClock;

import org.springframework.stereotype.Component;

/**
 * Stands in for a remote export API with a status endpoint: {@link #start} returns a job id at once,
 * and the job is done some seconds later. A report named {@code broken...} fails.
 */
@Component
public class ExportClient {

	private final PactClock clock;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	public ExportClient(PactClock clock) {
		this.clock = clock;
	}

	/**
	 * Starts exporting a report.
	 * @param report the report's name
	 * @param takes how long the export takes
	 * @return the job's id
	 */
	public String start(String report, Duration takes) {
		String id = UUID.randomUUID().toString();
		this.jobs.put(id, new Job(this.clock.nanoTime() + takes.toNanos(), report.startsWith("broken")));
		return id;
	}

	/**
	 * Starts exporting a report that takes from 2 to 8 seconds.
	 * @param report the report's name
	 * @return the job's id
	 */
	public String start(String report) {
		return start(report, Duration.ofMillis(ThreadLocalRandom.current().nextLong(2000, 8000)));
	}

	/**
	 * Asks whether an export is done, as a status API would.
	 * @param id the job's id
	 * @return whether the file is ready
	 */
	public boolean isDone(String id) {
		return this.clock.nanoTime() >= this.jobs.get(id).readyAt();
	}

	/**
	 * Asks whether an export failed.
	 * @param id the job's id
	 * @return whether the export failed for good
	 */
	public boolean hasFailed(String id) {
		return this.jobs.get(id).broken() && isDone(id);
	}

	private record Job(long readyAt, boolean broken) {
	}

}
