package io.stagingsync.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;

/** An answer's Retry-After (seconds or an HTTP date) as the delay of the API route's next attempt, bounded. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** Sets the next redelivery's delay from the answer's Retry-After header; nothing when it has none. */
    public static void apply(Exchange exchange, Duration max) {
        String value = exchange.getMessage().getHeader("Retry-After", String.class);
        if (value == null || value.isBlank()) {
            return;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException bad) {
                return;
            }
        }
        long ms = Math.max(0, Math.min(wait.toMillis(), max.toMillis()));
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, ms);
    }
}
