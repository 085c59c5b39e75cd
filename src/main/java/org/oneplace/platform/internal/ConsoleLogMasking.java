package org.oneplace.platform.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Masks email addresses and phone numbers in the readable (pattern) log lines too — the message and the stack trace
 * with whatever text a PostgreSQL error carried ({@code Key (value)=(jane@example.com) already exists}) — as
 * {@link PersonalDataLogMasking} does for the structured ones. It wraps the layout of every pattern appender of the
 * root logger once the application starts; what is logged before that is Spring's own start-up, about no person.
 */
@Component
class ConsoleLogMasking {

    ConsoleLogMasking() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                    && appender.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder
                    && encoder.getLayout() != null
                    && !(encoder.getLayout() instanceof Masked)) {
                Masked masked = new Masked(encoder.getLayout());
                masked.setContext(context);
                masked.start();
                // a pattern encoder's layout cannot be replaced: the appender gets a new encoder around it
                LayoutWrappingEncoder<ILoggingEvent> wrapping = new LayoutWrappingEncoder<>();
                wrapping.setContext(context);
                wrapping.setCharset(encoder.getCharset());
                wrapping.setLayout(masked);
                wrapping.setParent(appender);
                wrapping.start();
                appender.setEncoder(wrapping);
            }
        }
    }

    /** A layout that masks what another one wrote. */
    private static final class Masked extends LayoutBase<ILoggingEvent> {
        private final Layout<ILoggingEvent> layout;

        Masked(Layout<ILoggingEvent> layout) {
            this.layout = layout;
        }

        @Override
        public String doLayout(ILoggingEvent event) {
            return PersonalDataLogMasking.mask(layout.doLayout(event));
        }

        @Override
        public String getContentType() {
            return layout.getContentType();
        }

        @Override
        public String getFileHeader() {
            return layout.getFileHeader();
        }

        @Override
        public String getFileFooter() {
            return layout.getFileFooter();
        }
    }
}
