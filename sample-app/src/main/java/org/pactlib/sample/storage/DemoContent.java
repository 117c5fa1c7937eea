package org.pactlib.sample.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the storage root with demo trees when it does not exist yet: {@code demo/small} (25 entries),
 * {@code demo/huge} (421 entries) and {@code demo/broken}, which holds an unreadable file.
 */
@Component
public class DemoContent implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoContent.class);

	private final StorageProperties properties;

	/**
	 * Creates the runner.
	 * @param properties where the root is, and the unreadable name
	 */
	public DemoContent(StorageProperties properties) {
		this.properties = properties;
	}

	/**
	 * Creates the root and its demo trees, unless the root exists.
	 * @param args the application's arguments (unused)
	 * @throws IOException if a file cannot be written
	 */
	@Override
	public void run(ApplicationArguments args) throws IOException {
		Path root = this.properties.root();
		if (Files.exists(root)) {
			logger.info("Storage root {}", root);
			return;
		}
		Path demo = root.resolve("demo");
		tree(demo.resolve("small"), 4, 5);
		tree(demo.resolve("huge"), 20, 20);
		tree(demo.resolve("broken"), 2, 3);
		Files.writeString(demo.resolve("broken").resolve("dir-1").resolve(this.properties.unreadableName()), "?");
		logger.info("Storage root {} created with demo trees under {}", root, demo);
	}

	private static void tree(Path top, int directories, int filesEach) throws IOException {
		for (int d = 1; d <= directories; d++) {
			Path directory = Files.createDirectories(top.resolve("dir-" + d));
			for (int f = 1; f <= filesEach; f++) {
				Files.writeString(directory.resolve("file-" + f + ".txt"), "demo content " + d + "." + f + "\n");
			}
		}
	}

}
