package io.stagingsync;

import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.CronExpression;

/** Says when `serve` will sync next, so that a quiet process is not mistaken for a hung one. */
final class Schedule {

    private Schedule() {
    }

    static String describe(PropertiesComponent properties) {
        String cron = properties.resolveProperty("sync.cron").orElse("");
        String zone = properties.resolveProperty("sync.cron-timezone").orElse("UTC");
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)));
            Date next = expression.getNextValidTimeAfter(new Date());
            return "scheduled syncs on SYNC_CRON=\"" + cron + "\" (" + zone + "), next at " + next.toInstant();
        } catch (java.text.ParseException e) {
            return "SYNC_CRON=\"" + cron + "\" is not a Quartz cron expression (seconds minutes hours day month "
                    + "weekday, e.g. \"0 0 4 * * ?\"): " + e.getMessage();
        }
    }
}
