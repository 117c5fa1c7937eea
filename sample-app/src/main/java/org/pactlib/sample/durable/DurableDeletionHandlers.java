package org.pactlib.sample.durable;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.pactlib.durable.DurableCallback;
import org.pactlib.durable.DurableCondition;
import org.pactlib.sample.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The named handlers of durable deletions. {@code storage.isDeleted} deletes the next entries of the
 * tree, deepest first, and is done once the path is gone: its progress is the file system itself, so
 * any instance, or this one restarted, picks up where the last poll stopped; an unreadable file fails
 * the pact. {@code storage.notifyDeleted} records the notification once per idempotency key.
 */
@Configuration(proxyBeanMethods = false)
public class DurableDeletionHandlers {

	/** The condition of durable deletions. */
	public static final String IS_DELETED = "storage.isDeleted";

	/** The {@code then} callback of durable deletions. */
	public static final String NOTIFY = "storage.notifyDeleted";

	private static final Logger logger = LoggerFactory.getLogger(DurableDeletionHandlers.class);

	@Bean(IS_DELETED)
	DurableCondition<DurableDeletion> storageIsDeleted(StorageProperties properties) {
		return (deletion, context) -> {
			Path path = Path.of(deletion.path());
			if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
				return true;
			}
			List<Path> next;
			try (Stream<Path> walk = Files.walk(path)) {
				next = walk.sorted(Comparator.reverseOrder()).limit(deletion.entriesPerPoll()).toList();
			}
			for (Path entry : next) {
				if (entry.getFileName().toString().equals(properties.unreadableName())) {
					throw new UncheckedIOException(new AccessDeniedException(entry.toString(), null, "unreadable file"));
				}
				Files.deleteIfExists(entry);
			}
			return !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
		};
	}

	@Bean(NOTIFY)
	DurableCallback<DurableDeletion> storageNotifyDeleted(DeletionNotifications notifications) {
		return (deletion, context) -> {
			boolean first = notifications.record(context.idempotencyKey(), context.id(), deletion.path());
			logger.info("Durable deletion {} of {} finished ({})", context.id(), deletion.path(),
					first ? "notified" : "repeated delivery of " + context.idempotencyKey() + " ignored");
		};
	}

}
