package io.stagingsync.settings;

import java.time.Duration;

/**
 * Timeouts and the one backoff policy of every Scalingo call, API and download alike.
 *
 * @param retries       retries of an API call answered 429/5xx or cut (the API route's redelivery policy)
 * @param retryDelay    first wait before a retry, doubled each time, with jitter
 * @param maxRetryDelay longest wait between retries, Retry-After included
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int retries, Duration retryDelay,
                           Duration maxRetryDelay) {

    static HttpSettings load(SettingValues v) {
        return new HttpSettings(
                Duration.ofSeconds(v.number("scalingo.http.connect-timeout-seconds", 10, 1, 600)),
                Duration.ofSeconds(v.number("scalingo.http.read-timeout-seconds", 60, 1, 3600)),
                v.number("scalingo.http.retries", 4, 0, 20),
                Duration.ofMillis(v.number("scalingo.http.retry-delay-ms", 1000, 1, 600_000)),
                Duration.ofMillis(v.number("scalingo.http.max-retry-delay-ms", 30_000, 1, 3_600_000)));
    }
}
