package org.oneplace.platform.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The pool for an external PostgreSQL ({@code spring.datasource.url} set). Defined here rather than left to Spring
 * Boot's auto-configuration so that the DataSource exists before db-scheduler's auto-configuration asks for one:
 * db-scheduler orders itself after Boot 3's DataSource auto-configuration class, which Boot 4 moved, so with Boot's
 * own DataSource the scheduler silently did not start and no background job ran against an external database.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalDatabaseConfiguration.ExternalDatabase.class)
class ExternalDatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(Environment environment) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
        dataSource.setUsername(environment.getProperty("spring.datasource.username"));
        dataSource.setPassword(environment.getProperty("spring.datasource.password"));
        dataSource.setPoolName("oneplace");
        return dataSource;
    }

    static class ExternalDatabase extends EmbeddedDatabaseConfiguration.NoExternalDatabase {
        @Override
        public boolean matches(
                org.springframework.context.annotation.ConditionContext context,
                org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
