"""The fingerprint's recipe: what a stamp means must not move (every object already on a
server would look edited), however the code that computes it changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from followcal.fingerprint import HASH_PROPERTY, fingerprint, stamp
from followcal.icswrite import Record, serialize

# One of everything the recipe reads: text, keyword, integer and set properties, attendees,
# categories over two lines, a recurrence with exceptions and a period, alarms of both kinds,
# a marker, volatile bookkeeping, a property nobody names (GEO); a task with a DURATION; a
# day-long event; a CLASS that is not the default.
CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:x@test\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Follow up  \r
DESCRIPTION:Line one \\nLine two\\r\\n\\n\r
DTSTART;VALUE=DATE:20260101\r
RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20260301T000000Z\r
EXDATE:20260105T000000Z,20260112T000000Z\r
RDATE;VALUE=PERIOD:20260201T000000Z/PT1H\r
ATTENDEE:MAILTO:a@example.com\r
ATTENDEE:mailto:d@example.com\r
CLASS:PUBLIC\r
PRIORITY:01\r
PERCENT-COMPLETE:50\r
COMMENT:b\r
COMMENT:a  \r
CATEGORIES:x,y\r
CATEGORIES:z\r
X-FOLLOWCAL-STEP:thank-you\r
X-FOLLOWCAL-HASH:abc\r
X-MOZ-LASTACK:20260101T000000Z\r
GEO:1.0;2.0\r
BEGIN:VALARM\r
ACTION:display\r
TRIGGER;RELATED=END:-PT15M\r
DESCRIPTION:x  \r
END:VALARM\r
BEGIN:VALARM\r
ACTION:AUDIO\r
TRIGGER;VALUE=DATE-TIME:20260101T000000Z\r
END:VALARM\r
END:VEVENT\r
BEGIN:VTODO\r
UID:t@test\r
DTSTART:20260101T100000\r
DURATION:PT1H\r
COMPLETED:20260101T120000Z\r
STATUS:completed\r
END:VTODO\r
BEGIN:VEVENT\r
UID:u@test\r
DTSTART;VALUE=DATE:20260101\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:w@test\r
DTSTART:20260101T100000Z\r
DURATION:P1D\r
CLASS:private\r
LOCATION:Room 4\r
END:VEVENT\r
END:VCALENDAR\r
"""

# Computed by the recipe as it shipped (followcal 0.1.0's fingerprint version "2").
DIGESTS = {
    "x@test": "dd02e463234d24d25c8d624150541990b1f551f56c256c75b76adb978406eb96",
    "t@test": "bf64c8adea9f1cc4590b63acd773fa8aacddc52f3dff5cef42e437b0b266ac37",
    "u@test": "8dd28006a188a4f184f09143738a2c60a79cb24fb34865997ac7184944118101",
    "w@test": "5a4873717fe43e4c316c8bd583a4f52a40b7e2058428773418acf9f9ccc86aca",
}
RECORD_DIGEST = "87342ed53cc4cf678fd27399e80eb822034b62357a2841d55d1a04181b1e74cd"


def _record() -> Record:
    """A followcal event as generate builds it, with every kind of value a Record holds."""
    event = Record("VEVENT")
    event.add("uid", "r@followcal")
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
    event.add("sequence", 0)
    event.add("summary", "Thank-you email: Dana at Acme")
    event.add("dtstart", datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    event.add("dtend", datetime(2026, 3, 2, 9, 15, tzinfo=ZoneInfo("Europe/Berlin")))
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")
    event.add("description", "Subject: Thank you\n\nDear Dana,  \n\nThanks.\n")
    event.add("categories", ["Job search", "Thank You"])
    event.add("contact", "Dana Smith, dana@example.com")
    event.add("contact", "Lee Park, +1 212 555 0100")
    event.add("url", "mailto:dana@example.com?subject=Thank%20you")
    event.add("x-followcal-interview", "acme")
    alarm = Record("VALARM")
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Thank-you email")
    alarm.add("trigger", -timedelta(minutes=15), parameters={"RELATED": "END"})
    event.add_component(alarm)
    return event


def test_the_recipe_gives_the_digests_it_always_gave() -> None:
    components = icalendar.Calendar.from_ical(CALENDAR).subcomponents
    found = {str(c["UID"]): fingerprint(c) for c in components}
    assert found == DIGESTS
    assert fingerprint(_record()) == RECORD_DIGEST  # type: ignore[arg-type]


def test_a_stamped_record_means_what_its_bytes_mean_once_read_back() -> None:
    record = _record()
    stamp(record)  # type: ignore[arg-type]
    parsed = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + serialize(record) + b"END:VCALENDAR\r\n"
    )
    (event,) = parsed.walk("VEVENT")
    assert str(event[HASH_PROPERTY]) == fingerprint(event) == RECORD_DIGEST
