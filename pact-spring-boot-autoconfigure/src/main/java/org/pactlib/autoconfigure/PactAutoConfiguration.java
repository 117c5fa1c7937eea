package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.apache.commons.logging.LogFactory;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Auto-configuration of pacts: a {@link PactRegistry} that polls every registered pact from one
 * periodic task on threads of its own, the {@link PactFactory} that services inject, the
 * {@link PactClock} they share, a log line for every failed pact, and support for {@code @Async}
 * methods that return a pact. Properties are checked here, at startup; every bean backs off when the
 * application defines its own; {@code pact.enabled=false} switches it all off.
 */
@AutoConfiguration(after = TaskSchedulingAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pact.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PactProperties.class)
public final class PactAutoConfiguration {

	private static final Duration SPRING_DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	PactClock pactClock() {
		return PactClock.system();
	}

	@Bean
	@ConditionalOnMissingBean
	PactPollerScheduler pactPollerScheduler(PactProperties properties, BeanFactory beanFactory,
			Environment environment) {
		new PactPropertiesMapper(properties).validate();
		ThreadFactory pollerThreads = pollerThreads(properties.getPoller().getThreadNamePrefix(), environment);
		String beanName = properties.getPoller().getScheduler();
		if (beanName != null) {
			return PactPollerScheduler.borrowing(userScheduler(beanFactory, beanName), pollerThreads);
		}
		return PactPollerScheduler.owning(pollerThreads);
	}

	private static ThreadFactory pollerThreads(String prefix, Environment environment) {
		if (Threading.VIRTUAL.isActive(environment)) {
			return new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory();
		}
		return PactPollerScheduler.platformThreads(prefix);
	}

	private static ScheduledExecutorService userScheduler(BeanFactory beanFactory, String beanName) {
		String allowed = "Must name a TaskScheduler or ScheduledExecutorService bean";
		if (!beanFactory.containsBean(beanName)) {
			throw new InvalidConfigurationPropertyValueException("pact.poller.scheduler", beanName,
					allowed + "; there is no bean of that name.");
		}
		Object bean = beanFactory.getBean(beanName);
		if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			return scheduler.getScheduledExecutor();
		}
		if (bean instanceof ScheduledExecutorService scheduledExecutor) {
			return scheduledExecutor;
		}
		if (bean instanceof TaskScheduler scheduler) {
			return new TaskSchedulerExecutorAdapter(scheduler);
		}
		throw new InvalidConfigurationPropertyValueException("pact.poller.scheduler", beanName,
				allowed + ", but it is a " + bean.getClass().getName() + ".");
	}

	@Bean
	@ConditionalOnMissingBean
	PactRegistry pactRegistry(PactProperties properties, PactClock clock, PactPollerScheduler scheduler,
			ObjectProvider<PactRegistryListener> listeners, ObjectProvider<PactRegistryCustomizer> customizers) {
		PactLogging.install();
		PactRegistry.Builder builder = PactRegistry.builder(scheduler.getScheduledExecutor())
			.clock(clock)
			.pollerThreadFactory(scheduler.getPollerThreadFactory());
		new PactPropertiesMapper(properties).validate().applyTo(builder);
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	PactRegistryLifecycle pactRegistryLifecycle(PactRegistry registry, PactProperties properties,
			ObjectProvider<LifecycleProperties> lifecycleProperties) {
		LifecycleProperties lifecycle = lifecycleProperties.getIfAvailable();
		Duration phaseTimeout = (lifecycle != null) ? lifecycle.getTimeoutPerShutdownPhase()
				: SPRING_DEFAULT_PHASE_TIMEOUT;
		return new PactRegistryLifecycle(registry, properties.getShutdown().getGracePeriod(), phaseTimeout);
	}

	@Bean
	@ConditionalOnMissingBean
	PactFactory pactFactory(PactRegistry registry, PactProperties properties,
			ObjectProvider<PactFactoryCustomizer> customizers) {
		PactPropertiesMapper mapper = new PactPropertiesMapper(properties).validate();
		PactFactoryDefaults defaults = new PactFactoryDefaults(mapper.defaults(), mapper.defaultsByName());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(defaults));
		return new PactFactory(registry, defaults.getDefaults(), defaults.getDefaultsByName());
	}

	@Bean
	@ConditionalOnMissingBean
	PactFailureLogger pactFailureLogger(PactProperties properties) {
		return new PactFailureLogger(LogFactory.getLog(PactFailureLogger.class),
				Math.max(0, properties.getRegistry().getMaxFaultLogLinesPerMinute()), Duration.ofMinutes(1),
				System::nanoTime);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static PactAsyncBeanPostProcessor pactAsyncBeanPostProcessor(ObjectProvider<PactFactory> pactFactory) {
		return new PactAsyncBeanPostProcessor(pactFactory);
	}

}
