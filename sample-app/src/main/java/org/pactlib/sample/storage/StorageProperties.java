package org.pactlib.sample.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sample's storage lives and how slowly it deletes ({@code sample.storage.*}).
 * @param root the directory under which trees may be deleted; created with demo content when missing
 * @param delayPerFile how long deleting one file or directory takes
 * @param unreadableName a file of that name is treated as unreadable: a deletion that reaches it fails
 * @param maxBatch the most paths one batch may hold
 */
@ConfigurationProperties("sample.storage")
public record StorageProperties(@DefaultValue("${java.io.tmpdir}/pact-sample-storage") Path root,
		@DefaultValue("200ms") Duration delayPerFile, @DefaultValue("UNREADABLE") String unreadableName,
		@DefaultValue("10") int maxBatch) {

	/**
	 * Checks the values.
	 * @param root the root
	 * @param delayPerFile the delay per file
	 * @param unreadableName the name of files treated as unreadable
	 * @param maxBatch the largest batch
	 */
	public StorageProperties {
		if (delayPerFile.isNegative()) {
			throw new IllegalArgumentException("sample.storage.delay-per-file must not be negative");
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("sample.storage.max-batch must be positive");
		}
		root = root.toAbsolutePath().normalize();
	}

}
