"""The floor `generate` is measured against: a plain icalendar script, nothing of followcal.

It builds and serializes EVENTS VEVENTs, each with one VALARM and the same properties a
followcal event carries (a zoned DTSTART/DTEND, a UTC DTSTAMP, text of about the same length
in SUMMARY, DESCRIPTION and CONTACT, CATEGORIES, URL and the X- markers), plus a VTIMEZONE
per zone, then writes the bytes to a file. It reads no input, plans nothing and drafts
nothing: that is the work followcal adds on top, and what the ratio in `make bench` measures.

    python benchmarks/icalendar_floor.py EVENTS OUTPUT.ics
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo"]
# About the length of a drafted follow-up e-mail with its contact block.
BODY = (
    "Subject: Following up on the Engineer interview\n\n"
    "Dear Dana,\n\n"
    "Thank you again for meeting with me on {day} about the Engineer role at Company {n}. "
    "I enjoyed hearing about the roadmap for product line {n}, and our talk left me keen to "
    "contribute to it.\n\n"
    "I wanted to ask whether there is any news on the timeline for a decision, and whether "
    "I can send anything else that would help.\n\n"
    "Best regards,\nAlex Morgan\nalex@example.com\n\n"
    "-- Contact --\nDana Smith\nEmail: dana{n}@example.com\n\n"
    "Send it: mailto:dana{n}@example.com?subject=Following%20up\n\n"
    "Interview: Engineer at Company {n}, {day} 14:00 ({zone})\n"
    "Follow-up 1 of 3. Made by followcal."
)


def build(events: int) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//floor//floor//EN")
    calendar.add("version", "2.0")
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    first = datetime(2026, 1, 5, 14, 0)
    for zone in ZONES:
        calendar.add_component(
            Timezone.from_tzid(zone, first_date=first.date(), last_date=first.date())
        )
    for n in range(events):
        zone = ZONES[n % len(ZONES)]
        start = (first + timedelta(days=n % 300)).replace(tzinfo=ZoneInfo(zone))
        day = f"{start:%A}, {start.day} {start:%B %Y}"
        event = Event()
        event.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, str(n))}@floor")
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        event.add("summary", f"Follow-up email (1/3) to Dana Smith - Company {n}")
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=15))
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        event.add("description", BODY.format(n=n, day=day, zone=zone))
        event.add("categories", ["Job search", "Follow Up"])
        event.add("contact", f"Dana Smith, dana{n}@example.com")
        event.add("url", f"mailto:dana{n}@example.com?subject=Following%20up")
        event.add("x-followcal-interview", f"company-{n}")
        event.add("x-followcal-step", "follow-up")
        event.add("x-followcal-channel", "email")
        event.add("x-followcal-hash", "0" * 64)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Follow-up email (1/3) to Dana Smith - Company {n}")
        alarm.add("trigger", -timedelta(minutes=15))
        event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(build(int(sys.argv[1])))
