"""What of a URL, a secret or a TLS failure may be shown: nothing that gives a password away.

Also the checks that refuse a URL or CA bundle before connecting: their messages never quote
the URL, since one that does not parse may hide a password anywhere.
"""

from __future__ import annotations

import base64
import os
import re
from urllib.parse import urlsplit, urlunsplit

from followcal.sync.errors import InvalidTargetError


def safe_url(url: str) -> str:
    """`url` without userinfo, query or fragment: safe to show (even when it doesn't parse)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a bad port or IPv6 address: nothing of it is shown, not even the host
        return "(invalid URL)"
    if parts.scheme not in ("http", "https") or not host:
        # "user:password@host/path" reads as scheme "user" and a path holding the password.
        return "(invalid URL)"
    if ":" in host:
        host = f"[{host}]"
    if port:
        host += f":{port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def host_of(url: str) -> str:
    """ "host:port" of a URL (shown in messages), without userinfo."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(invalid URL)"
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


def url_password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


class Redactor:
    """Scrubs the password, in every form a server may echo it, from text shown to the user.

    Basic authentication sends base64("user:password"); a server that echoes the request's
    headers in an error page would otherwise put the credentials on the terminal.
    """

    def __init__(self, username: str | None, password: str | None, url: str) -> None:
        plain = [s for s in (password, url_password(url)) if s]
        encoded = []
        for secret in plain:
            for pair in (f"{username or ''}:{secret}", secret):
                token = base64.b64encode(pair.encode("utf-8")).decode("ascii")
                encoded += [token, token.rstrip("=")]
        # Longest first, so that a secret inside another is not half-replaced.
        self.secrets = sorted(set(plain + encoded), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        text = re.sub(r"(?i)(authorization:\s*\w+\s+)\S+", r"\1***", text)
        return re.sub(r"(?<=://)[^/@\s]+@", "", text)


def tls_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    match = re.search(r"certificate verify failed: ([^()\]'\"]+)", text)
    if match:
        return "certificate verify failed: " + match.group(1).strip(" .,;")
    match = re.search(r"(hostname [^()\]'\"]+)", text)
    if match:
        return match.group(1).strip(" .,;")
    return "handshake failed"


def connection_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if isinstance(exc, ConnectionRefusedError) or "refused" in text:
        return "connection refused"
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or ("getaddrinfo" in text)
    ):
        return "host not found"
    if isinstance(exc, ConnectionResetError) or "reset" in text:
        return "connection reset"
    if "unreachable" in text:
        return "network unreachable"
    return "connection failed"


def check_target(url: str, ca_bundle: str | None) -> None:
    """Refuse, in one line and before connecting, a URL or CA bundle that cannot work."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1/"
        raise InvalidTargetError(
            "the CalDAV URL cannot be parsed (check the [ ] around an IPv6 address)"
        ) from None
    if parts.scheme not in ("http", "https"):
        raise InvalidTargetError("the CalDAV URL must start with http:// or https://")
    if not parts.hostname:
        raise InvalidTargetError("the CalDAV URL has no host name")
    try:
        port = parts.port  # ValueError when not a number, or above 65535
    except ValueError:
        port = 0
    if port == 0:
        raise InvalidTargetError("the CalDAV URL's port must be a number from 1 to 65535")
    if ca_bundle:
        check_ca_bundle(ca_bundle)


def check_ca_bundle(path: str) -> None:
    """The CA bundle (a PEM file, or a folder of them) exists and can be read."""
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as fh:
                fh.read(1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidTargetError(
            f"cannot read the CA bundle {path!r}: {reason}", option="--ca-bundle"
        ) from None
