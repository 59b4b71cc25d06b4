//! Dates of the outputs: a partial date (and a meeting's time) as RFC 3339 with the offset of
//! Europe/Prague, and as iCalendar values. The offset follows the EU summer-time rule (since
//! 1996 in Czechia), written out here so the output depends on no time-zone database of the
//! machine (same tree and build date, same bytes); `ical::VTIMEZONE` states the same rule.
//! No clock, no environment.

use jiff::civil::Date;

use crate::czech::date::PartialDate;

/// The first day of a partial date's period ("2019-06" → 2019-06-01), if it is a real date.
pub fn first_day(d: PartialDate) -> Option<Date> {
    Date::new(
        d.year,
        i8::try_from(d.month.unwrap_or(1)).ok()?,
        i8::try_from(if d.month.is_some() {
            d.day.unwrap_or(1)
        } else {
            1
        })
        .ok()?,
    )
    .ok()
}

/// The last Sunday of `month` of `year`.
fn last_sunday(year: i16, month: i8) -> Option<Date> {
    let last = Date::new(year, month, 1).ok()?.last_of_month();
    let back = last.weekday().to_sunday_zero_offset();
    Date::new(year, month, last.day() - back).ok()
}

/// Hours east of UTC in Prague at local `date` `hour`: +2 from the last Sunday of March,
/// 02:00, to the last Sunday of October, 03:00 (EU rule); else +1.
pub fn prague_offset(date: Date, hour: u8) -> i8 {
    let (Some(start), Some(end)) = (last_sunday(date.year(), 3), last_sunday(date.year(), 10))
    else {
        return 1;
    };
    let after_start = date > start || (date == start && hour >= 2);
    let before_end = date < end || (date == end && hour < 3);
    if after_start && before_end { 2 } else { 1 }
}

/// RFC 3339 at the item's precision: the time when known, else the start of its day, month or
/// year, in Prague time ("2018-05-14T13:00:00+02:00"). `None` for a date that does not exist.
pub fn rfc3339(d: PartialDate, time: Option<(u8, u8)>) -> Option<String> {
    let day = first_day(d)?;
    let (h, m) = match (d.is_precise(), time) {
        (true, Some(t)) => t,
        _ => (0, 0),
    };
    let off = prague_offset(day, h);
    Some(format!("{day}T{h:02}:{m:02}:00+{off:02}:00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn prague_summer_time_follows_the_eu_rule() {
        // 2018: CEST from 25 March 02:00 to 28 October 03:00.
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(prague_offset(d("2018-03-24"), 12), 1);
        assert_eq!(prague_offset(d("2018-03-25"), 1), 1);
        assert_eq!(prague_offset(d("2018-03-25"), 3), 2);
        assert_eq!(prague_offset(d("2018-07-01"), 0), 2);
        assert_eq!(prague_offset(d("2018-10-28"), 2), 2);
        assert_eq!(prague_offset(d("2018-10-28"), 3), 1);
        assert_eq!(prague_offset(d("2018-12-24"), 18), 1);
    }

    #[test]
    fn rfc3339_keeps_the_time_and_starts_lower_precision_at_its_period() {
        assert_eq!(
            rfc3339(p("2018-05-14"), Some((13, 0))).unwrap(),
            "2018-05-14T13:00:00+02:00"
        );
        assert_eq!(
            rfc3339(p("2018-01-14"), None).unwrap(),
            "2018-01-14T00:00:00+01:00"
        );
        assert_eq!(
            rfc3339(p("2018-06"), Some((9, 0))).unwrap(),
            "2018-06-01T00:00:00+02:00"
        );
        assert_eq!(
            rfc3339(p("2018"), None).unwrap(),
            "2018-01-01T00:00:00+01:00"
        );
    }
}
