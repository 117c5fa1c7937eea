package org.pactlib.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;

import org.pactlib.PactClock;
import org.pactlib.autoconfigure.async.PactAsyncBeanPostProcessor;
import org.pactlib.registry.PactFactory;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Auto-configuration of pacts: a {@link PactRegistry} that polls every registered pact from one
 * periodic task, the {@link PactFactory} that services inject, the {@link PactClock} they share, and
 * support for {@code @Async} methods that return a pact. Every bean backs off when the application
 * defines its own; {@code pact.enabled=false} switches it all off.
 */
@AutoConfiguration(after = TaskSchedulingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pact.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PactProperties.class)
public final class PactAutoConfiguration {

	/**
	 * The name of the thread of the scheduler that the starter creates for the registry's periodic task.
	 */
	static final String SCHEDULER_THREAD_NAME_PREFIX = "pact-scheduler-";

	@Bean
	@ConditionalOnMissingBean
	PactClock pactClock() {
		return PactClock.system();
	}

	@Bean
	@ConditionalOnMissingBean
	PactPollerScheduler pactPollerScheduler(PactProperties properties,
			ObjectProvider<ThreadPoolTaskSchedulerBuilder> schedulerBuilder, BeanFactory beanFactory) {
		String beanName = properties.getPoller().getScheduler();
		if (beanName != null) {
			return PactPollerScheduler.borrowing(userScheduler(beanFactory, beanName));
		}
		ThreadPoolTaskScheduler scheduler = schedulerBuilder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new)
			.poolSize(1)
			.threadNamePrefix(SCHEDULER_THREAD_NAME_PREFIX)
			.build();
		scheduler.initialize();
		return PactPollerScheduler.owning(scheduler);
	}

	private static ScheduledExecutorService userScheduler(BeanFactory beanFactory, String beanName) {
		if (!beanFactory.containsBean(beanName)) {
			throw new InvalidConfigurationPropertyValueException("pact.poller.scheduler", beanName,
					"Must name a ThreadPoolTaskScheduler or ScheduledExecutorService bean; there is no bean of that name.");
		}
		Object bean = beanFactory.getBean(beanName);
		if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			return scheduler.getScheduledExecutor();
		}
		if (bean instanceof ScheduledExecutorService scheduledExecutor) {
			return scheduledExecutor;
		}
		throw new InvalidConfigurationPropertyValueException("pact.poller.scheduler", beanName,
				"Must name a ThreadPoolTaskScheduler or ScheduledExecutorService bean, but it is a "
						+ bean.getClass().getName() + ".");
	}

	@Bean
	@ConditionalOnMissingBean
	PactRegistry pactRegistry(PactProperties properties, PactClock clock, PactPollerScheduler scheduler,
			ObjectProvider<PactRegistryListener> listeners) {
		PactProperties.Poller poller = properties.getPoller();
		PactRegistry.Builder builder = PactRegistry.builder(scheduler.getScheduledExecutor())
			.clock(clock)
			.tick(poller.getTick())
			.maxPollers(poller.getMaxThreads())
			.slowPollThreshold(poller.getSlowPollThreshold())
			.threadNamePrefix(poller.getThreadNamePrefix())
			.maxPacts(properties.getRegistry().getMaxPacts())
			.overdueRetention(properties.getRegistry().getOverdueRetention());
		listeners.orderedStream().forEach(builder::listener);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	PactRegistryLifecycle pactRegistryLifecycle(PactRegistry registry, PactProperties properties) {
		return new PactRegistryLifecycle(registry, properties.getShutdown().getGracePeriod());
	}

	@Bean
	@ConditionalOnMissingBean
	PactFactory pactFactory(PactRegistry registry, PactProperties properties) {
		return new PactFactory(registry, properties.toDefaults(), properties.toDefaultsByName());
	}

	/**
	 * Lets {@code @Async} methods declared to return {@code Pact} work under {@code @EnableAsync}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Async.class)
	static class PactAsyncConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static PactAsyncBeanPostProcessor pactAsyncBeanPostProcessor(ObjectProvider<PactFactory> pactFactory) {
			return new PactAsyncBeanPostProcessor(pactFactory);
		}

	}

}
