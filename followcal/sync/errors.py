"""Sync's errors: each kind carries the exit code the README documents (10-19)."""

from __future__ import annotations

from followcal.errors import FollowcalError


class SyncError(FollowcalError):
    """Base of sync's errors; raised as such for any other server failure (5xx, bad reply)."""

    EXIT_CODE = 19


class AuthenticationError(SyncError):
    """401: the server refused the username or password."""

    EXIT_CODE = 10


class PermissionDeniedError(SyncError):
    """403: logged in, but not allowed to read or write there."""

    EXIT_CODE = 11


class CalendarNotFoundError(SyncError):
    """404, or no calendar by that name (the message lists the ones that exist)."""

    EXIT_CODE = 12


class RejectedObjectError(SyncError):
    """400/415: the server refused an object; the message carries the server's reason."""

    EXIT_CODE = 13


class ConflictError(SyncError):
    """Events were left alone as conflicts (the CLI's exit code), or a 409/412 out of place."""

    EXIT_CODE = 14


class TLSError(SyncError):
    """The TLS handshake failed (certificate not trusted, wrong host name, ...)."""

    EXIT_CODE = 15


class ConnectionFailedError(SyncError):
    """Connection refused, host not found, connection reset."""

    EXIT_CODE = 16


class ServerTimeoutError(SyncError):
    """The server did not finish answering within the deadline of one request."""

    EXIT_CODE = 17


class MassDeletionError(SyncError):
    """The input looks wrong: it would delete many upcoming events; needs allow_deletions."""

    EXIT_CODE = 18


class InvalidTargetError(SyncError):
    """The URL or the CA bundle cannot work (found before connecting): 19, as SyncError.
    `option` says which of the two (the message never quotes a URL)."""

    EXIT_CODE = 19

    def __init__(self, message: str, option: str = "--url") -> None:
        super().__init__(message)
        self.option = option


class ResponseTooLargeError(SyncError):
    """The server's answer is larger than the cap: a broken server or proxy, not a calendar."""

    EXIT_CODE = 19


class RedirectRefusedError(SyncError):
    """A write was redirected to another origin: event bodies never leave the server named."""

    EXIT_CODE = 19


class PreconditionIgnoredError(SyncError):
    """The server ignored a precondition (a create overwrote something): stop, report."""

    EXIT_CODE = 19


__all__ = [
    "AuthenticationError",
    "CalendarNotFoundError",
    "ConflictError",
    "ConnectionFailedError",
    "InvalidTargetError",
    "MassDeletionError",
    "PermissionDeniedError",
    "PreconditionIgnoredError",
    "RedirectRefusedError",
    "RejectedObjectError",
    "ResponseTooLargeError",
    "ServerTimeoutError",
    "SyncError",
    "TLSError",
]
