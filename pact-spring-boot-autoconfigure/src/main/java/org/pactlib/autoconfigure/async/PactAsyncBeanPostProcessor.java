package org.pactlib.autoconfigure.async;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.registry.PactFactory;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.util.ReflectionUtils;

/**
 * Makes {@code @Async} methods declared to return {@link Pact} work under plain {@code @EnableAsync}.
 *
 * <p>Spring's own async interceptor accepts only {@code void} and {@code Future} return types. For a
 * bean that has {@code @Async} methods returning a pact, this post-processor (which runs after
 * Spring's ordered async post-processor, being unordered) replaces Spring's async advisor in the
 * bean's proxy, at the same place in the chain, with one that keeps Spring's pointcut and hands
 * every other method back to Spring's interceptor; see {@link PactAsyncExecutionInterceptor} for what
 * a call returns.
 *
 * <p>A bean whose {@code @Async} method is declared to return a type that a {@code Pact} cannot be
 * assigned to (such as {@code PactGroup}) fails at startup with a message naming the method.
 */
public class PactAsyncBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final ObjectProvider<PactFactory> pactFactory;

	private @Nullable BeanFactory beanFactory;

	/**
	 * Creates the post-processor.
	 * @param pactFactory the factory of the pacts handed to callers, looked up at the first call
	 */
	public PactAsyncBeanPostProcessor(ObjectProvider<PactFactory> pactFactory) {
		this.pactFactory = pactFactory;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof Advised advised)) {
			return bean;
		}
		Advisor[] advisors = advised.getAdvisors();
		for (int index = 0; index < advisors.length; index++) {
			if (advisors[index] instanceof AsyncAnnotationAdvisor asyncAdvisor
					&& hasAsyncPactMethods(AopUtils.getTargetClass(bean), beanName)) {
				if (advised.isFrozen()) {
					throw new IllegalStateException("Bean '" + beanName + "' has @Async methods that return a Pact, "
							+ "but its proxy is frozen, so they cannot be supported; unfreeze the proxy");
				}
				PactAsyncExecutionInterceptor interceptor = new PactAsyncExecutionInterceptor(
						(MethodInterceptor) asyncAdvisor.getAdvice(), this.pactFactory, this.beanFactory);
				advised.removeAdvisor(index);
				advised.addAdvisor(index, new DefaultPointcutAdvisor(asyncAdvisor.getPointcut(), interceptor));
				return bean;
			}
		}
		return bean;
	}

	private static boolean hasAsyncPactMethods(Class<?> targetClass, String beanName) {
		boolean asyncClass = AnnotatedElementUtils.hasAnnotation(targetClass, Async.class);
		List<Method> pactMethods = new ArrayList<>();
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			if (PactBase.class.isAssignableFrom(method.getReturnType())
					&& (asyncClass || AnnotatedElementUtils.hasAnnotation(method, Async.class))) {
				if (!method.getReturnType().isAssignableFrom(Pact.class)) {
					throw new IllegalStateException("@Async method " + targetClass.getName() + "." + method.getName()
							+ " of bean '" + beanName + "' is declared to return " + method.getReturnType().getSimpleName()
							+ "; an @Async method can return a Pact (or PactBase), which the caller gets at once");
				}
				pactMethods.add(method);
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return !pactMethods.isEmpty();
	}

}
