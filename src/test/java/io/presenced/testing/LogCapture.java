package io.presenced.testing;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Records what one logger (and its children) logs while open, for tests that assert on log lines.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** Starts recording events of {@code level} and above from the logger named {@code name}. */
    public static LogCapture of(String name, Level level) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name), level);
    }

    /** Starts recording events of {@code level} and above from {@code type}'s logger. */
    public static LogCapture of(Class<?> type, Level level) {
        return of(type.getName(), level);
    }

    /** Returns the events recorded so far. */
    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Returns the formatted messages of the events at {@code level} or above. */
    public List<String> messagesAtLeast(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        appender.stop();
    }
}
