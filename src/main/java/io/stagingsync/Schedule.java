package io.stagingsync;

import io.stagingsync.settings.Settings;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Says when `serve` will sync next, so that a quiet process is not mistaken for a hung one. */
final class Schedule {

    private Schedule() {
    }

    /** The schedule was validated at start: its expression parses and fires. */
    static String describe(Settings.Schedule schedule) {
        try {
            CronExpression expression = new CronExpression(schedule.cron());
            expression.setTimeZone(TimeZone.getTimeZone(ZoneId.of(schedule.zone())));
            Date next = expression.getNextValidTimeAfter(new Date());
            return "scheduled syncs on SYNC_CRON=\"" + schedule.cron() + "\" (" + schedule.zone() + "), next at "
                    + next.toInstant();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
