"""followcal: interview notes in, a calendar of follow-ups with drafted messages out."""

__version__ = "0.1.0"
