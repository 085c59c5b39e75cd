package org.oneplace.customer.internal;

import org.oneplace.customer.CustomerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustomerProperties.class)
class CustomerConfiguration {}
