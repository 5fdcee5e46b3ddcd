package dev.verdict.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the server's log lines are written: {@code text} (logback.xml's pattern, for people) or
 * {@code json} (one JSON object a line, logback's own {@link JsonEncoder}, for log collectors).
 */
enum LogFormat {
    TEXT,
    JSON;

    /** Switches the console appender of logback.xml to this format; text is what it already is. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("STDERR") instanceof OutputStreamAppender<ILoggingEvent> console) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    static final class Converter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new TypeConversionException("'" + value + "' is not a log format: text or json");
            };
        }
    }
}
