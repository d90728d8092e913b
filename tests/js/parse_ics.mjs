// ical.js (the parser of Nextcloud's web calendar and Thunderbird) as a test oracle.
//
// One long-lived process per test session (tests/oracles.py starts it): each stdin line is
// one .ics file, base64-encoded; each stdout line is the JSON answer for it, in order:
//   {"<UID>": <epoch ms of VEVENT DTSTART / VTODO DUE>, ...}  ("YYYY-MM-DD" for DATE values)
//   {"error": "<why>"}
// Anything that would make a client guess (floating times, a TZID without its VTIMEZONE,
// a component without UID, a UID used twice) is an error, not an answer.
import readline from "node:readline";
import ICAL from "ical.js";

const WANTED = [
  ["vevent", "dtstart"],
  ["vtodo", "due"],
];

function instants(text) {
  // Files are independent: forget the previous file's zones, then register this file's
  // VTIMEZONEs the way Nextcloud does, so TZID times resolve through TimezoneService too.
  ICAL.TimezoneService.reset();
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== "vcalendar") {
    throw new Error(`top-level component is ${root.name}, not vcalendar`);
  }
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const result = {};
  for (const [kind, name] of WANTED) {
    for (const component of root.getAllSubcomponents(kind)) {
      const uid = component.getFirstPropertyValue("uid");
      if (!uid) {
        throw new Error(`${kind} without UID`);
      }
      if (Object.hasOwn(result, uid)) {
        throw new Error(`UID ${uid} used twice`);
      }
      const prop = component.getFirstProperty(name);
      if (!prop) {
        continue;
      }
      const time = prop.getFirstValue();
      if (time.isDate) {
        result[uid] = time.toString();
        continue;
      }
      const tzid = prop.getParameter("tzid");
      if (tzid) {
        if (!ICAL.TimezoneService.has(tzid)) {
          throw new Error(`${uid}: TZID ${tzid} has no VTIMEZONE`);
        }
      } else if (time.zone !== ICAL.Timezone.utcTimezone) {
        throw new Error(`${uid}: floating ${name.toUpperCase()} ${time.toString()}`);
      }
      result[uid] = time.toUnixTime() * 1000;
    }
  }
  return result;
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let answer;
  try {
    answer = instants(Buffer.from(line, "base64").toString("utf8"));
  } catch (error) {
    answer = { error: String(error?.message ?? error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
