"""The words of the job trackers people keep: their column names and their status words.

A job seeker's sheet is rarely written for followcal. It comes from Huntr, Teal or Simplify,
or from one of the job-tracker templates for Google Sheets, Excel and Notion, and its columns
say "Position", "Interviewer Email" or "Stage" and its statuses "Interviewed" or "Ghosted".
This module maps those words onto followcal's fields and states, and explains the ones
that do not say enough ("Declined": who declined?) instead of guessing.

Where the words come from (each read for its column list or its status list; the lists
below are our own summary of them):

- Huntr: the board's default lists Wishlist, Applied, Interview, Offer, Rejected; Huntr
  itself offered no CSV export for years, and chakrakan/huntr-exporter (GitHub) is how
  people got one, with "Company", "Job Title" columns and the list as the status.
- Teal (tealhq.com): Bookmarked, Applying, Applied, Interviewing, Negotiating, Accepted,
  "I Withdrew", "Not Selected", "No Response".
- Simplify (simplify.jobs): Saved, Applied, Screen, Interviewing, Offer, Rejected, Withdrawn.
- Spreadsheet and Notion templates and their guides: gopronto.co/blog/job-application-tracker
  (Applied, Phone screen, Interview, Offer, Rejected, Ghosted), careermax.ai/blog/job-
  application-tracker (Saved, Applied, Interview, Offer, Rejected, Archived),
  careertrackr.io/guides/job-applications/application-stages (Prospective, Applied,
  Screening, Interviewing, Offer, Rejected, Withdrawn), shifulaboratories/Hired
  docs/concepts/pipeline.mdx (Wishlist, Applied, Interviewing, Offer, Accepted, Lost),
  cooleasy.pages.dev/articles/minimum-viable-job-tracker.html (Interested, Applied,
  Interviewing, Closed), mementodatabase.com job search (Position, Company, Contact, Phone),
  and the export headers of open-source trackers on GitHub ("Company", "Role", "Status",
  "Applied Date", "Interview Date", "Contact Email", "Contact Phone", "Notes").

tests/test_trackers.py holds status lists from other sources, never tuned on, and checks
that every word in them is mapped or explained.
"""

from __future__ import annotations

import re

__all__ = ["COLUMNS", "PRE_INTERVIEW", "STATUS_WORDS", "UNCLEAR_STATUSES", "status_key"]

# Normalized header (lower case, "_" between words) -> followcal field. "time" is not a field:
# the reader joins it to the date.
COLUMNS: dict[str, str] = {
    # the company
    "company_name": "company",
    "employer": "company",
    "organization": "company",
    "organisation": "company",
    # the role
    "position": "role",
    "job_title": "role",
    "title": "role",
    "role_title": "role",
    "job": "role",
    "job_position": "role",
    "position_title": "role",
    # when
    "interview_date": "date",
    "interview_date_time": "date",
    "interview_datetime": "date",
    "interview_at": "date",
    "next_interview": "date",
    "date_time": "date",
    "interview_time": "time",
    "start_time": "time",
    "time_zone": "timezone",
    "tz": "timezone",
    "zone": "timezone",
    # where it stands
    "stage": "status",
    "application_status": "status",
    "list": "status",  # Huntr's board lists
    "decision_date": "decision_by",
    "decision": "decision_by",
    "deadline": "offer_deadline",
    "note": "notes",
    "comments": "notes",
    # who
    "interviewer": "contact_name",
    "interviewer_name": "contact_name",
    "contact": "contact_name",
    "contact_person": "contact_name",
    "recruiter": "contact_name",
    "recruiter_name": "contact_name",
    "hiring_manager": "contact_name",
    "interviewer_email": "contact_email",
    "interviewer_e_mail": "contact_email",
    "recruiter_email": "contact_email",
    "contact_e_mail": "contact_email",
    "contact_mail": "contact_email",
    "email": "contact_email",
    "e_mail": "contact_email",
    "interviewer_phone": "contact_phone",
    "recruiter_phone": "contact_phone",
    "contact_telephone": "contact_phone",
    "contact_tel": "contact_phone",
    "phone": "contact_phone",
    "phone_number": "contact_phone",
    "interviewer_title": "contact_title",
    "interviewer_role": "contact_title",
    "contact_role": "contact_title",
    "contact_position": "contact_title",
}

# Status word (see status_key) -> followcal state. An interview that is booked or behind
# you, with no answer yet, is "waiting": that is when follow-ups are due.
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "interview", "interviews", "interviewing", "interviewed", "phone screen", "screen",
            "screening", "screened", "recruiter screen", "technical interview", "technical",
            "first interview", "second interview", "third interview", "final interview",
            "final round", "onsite", "on site", "panel", "assessment", "take home", "in review",
            "in progress", "in process", "pending", "scheduled", "waiting", "awaiting",
            "awaiting response", "awaiting feedback", "followed up", "follow up", "on hold",
            "next round", "active",
        ),
        "waiting",
    ),
    **dict.fromkeys(("heard back", "responded", "response received", "replied"), "heard-back"),
    **dict.fromkeys(
        ("offer", "offered", "offer received", "offer extended", "negotiating", "negotiation"),
        "offer",
    ),
    **dict.fromkeys(
        ("accepted", "offer accepted", "hired", "signed", "offer signed", "started"), "accepted"
    ),
    **dict.fromkeys(
        (
            "rejected", "rejection", "not selected", "no offer", "lost", "not moving forward",
            "unsuccessful", "turned down", "denied", "failed",
        ),
        "rejected",
    ),
    **dict.fromkeys(
        ("withdrawn", "withdrew", "i withdrew", "offer declined", "declined offer",
         "not interested", "no longer interested"),
        "withdrawn",
    ),
}  # fmt: skip

# Before any interview: a row with one of these and an interview date is a booked interview
# ("waiting"); one without a date is skipped with a note, as there is nothing to follow up.
PRE_INTERVIEW = frozenset(
    {
        "wishlist", "wish list", "bookmarked", "saved", "interested", "prospective", "prospect",
        "applying", "applied", "application submitted", "submitted", "draft", "favorited",
        "to apply", "new", "lead",
    }
)  # fmt: skip

# Words that do not say what happened: refused, with what to write instead.
UNCLEAR_STATUSES: dict[str, str] = {
    "ghosted": "they went quiet, which is what follow-ups are for: write Waiting to have "
    "them planned, or Withdrawn if you have moved on",
    "no response": "they went quiet, which is what follow-ups are for: write Waiting to have "
    "them planned, or Withdrawn if you have moved on",
    "declined": "it does not say who declined: write Rejected if the company did, Withdrawn "
    "if you did",
    "closed": "it does not say how it ended: write Rejected, Withdrawn or Accepted",
    "archived": "it does not say how it ended: write Rejected, Withdrawn or Accepted",
}


def status_key(text: str) -> str:
    """'I Withdrew', 'i-withdrew' and ' I_WITHDREW ' all become 'i withdrew'."""
    return " ".join(re.sub(r"[\s_\-/]+", " ", text.casefold()).split())
