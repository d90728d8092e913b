"""Sync against servers that misbehave: a real proxy (tests/dav_proxy.py) before Radicale.

Time and memory are bounded, redirects never carry an event or a password to another host,
errors say what happened, and a server that ignores preconditions (as SOGo does) loses
nothing. Every exit code the README documents is checked through the CLI.
"""

from __future__ import annotations

import base64
import hashlib
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from followcal.cli import main
from followcal.sync import (
    AuthenticationError,
    ConnectionFailedError,
    PreconditionIgnoredError,
    RedirectRefusedError,
    ResponseTooLargeError,
    ServerTimeoutError,
    SyncTarget,
    TLSError,
    resource_name,
    sync_calendar,
)
from tests.dav_proxy import EMPTY_MULTISTATUS, DAVProxy, Reply, Request
from tests.radicale_server import RadicaleServer, start_radicale
from tests.test_sync import (
    by_uid,
    desired_set,
    edit_on_server,
    make_item,
    self_signed_certificate,
    stored_uids,
)

pytestmark = pytest.mark.server  # Radicale behind a fault-injecting proxy

SAMPLE = Path(__file__).parent.parent / "samples" / "interviews.toml"
NOW = "2026-11-25T08:00"


@pytest.fixture
def proxy(radicale: RadicaleServer) -> Iterator[DAVProxy]:
    started = DAVProxy(radicale.url).start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def elsewhere() -> Iterator[DAVProxy]:
    """Another origin: answers 401 to everything, and records what reached it."""
    started = DAVProxy(
        None, lambda request: Reply(401, {"WWW-Authenticate": 'Basic realm="elsewhere"'})
    ).start()
    try:
        yield started
    finally:
        started.stop()


def via(proxy: DAVProxy, dav: RadicaleServer, **overrides: object) -> SyncTarget:
    values: dict[str, object] = {
        "url": proxy.url(dav.calendar_url),
        "username": dav.username,
        "password": dav.password,
        "timeout": 10,
    }
    values.update(overrides)
    return SyncTarget(**values)  # type: ignore[arg-type]


def one_line_without_secrets(text: str, server: RadicaleServer) -> None:
    token = base64.b64encode(f"{server.username}:{server.password}".encode()).decode()
    assert "\n" not in text
    assert server.password not in text and token not in text and token.rstrip("=") not in text


# -- bounded time and memory ------------------------------------------------------------------


def test_a_server_trickling_its_answer_is_stopped_at_the_deadline(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    """One byte every 0.2 s keeps every socket read alive: only a deadline stops it."""
    proxy.rule = lambda request: Reply(207, {}, EMPTY_MULTISTATUS, trickle=0.2)
    started = time.monotonic()
    with pytest.raises(ServerTimeoutError) as caught:
        sync_calendar(via(proxy, radicale, timeout=1), desired_set([1]))
    elapsed = time.monotonic() - started
    assert elapsed < 3, f"a 1 s deadline took {elapsed:.1f} s"
    assert caught.value.EXIT_CODE == 17 and "within 1 s" in str(caught.value)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_huge_answer_is_refused_with_a_clear_error(
    radicale: RadicaleServer, proxy: DAVProxy, declared: bool
) -> None:
    size = 8 * 1024 * 1024
    if declared:
        proxy.rule = lambda request: Reply(207, {}, b"X" * size)
    else:
        proxy.rule = lambda request: Reply(207, {}, stream=size)
    target = via(proxy, radicale, max_response=1024 * 1024)
    with pytest.raises(ResponseTooLargeError) as caught:
        sync_calendar(target, desired_set([1]))
    message = str(caught.value)
    assert "more than 1 MiB" in message and "\n" not in message
    assert caught.value.EXIT_CODE == 19


# -- redirects ---------------------------------------------------------------------------------


def test_a_write_redirected_to_another_origin_is_refused(
    radicale: RadicaleServer, proxy: DAVProxy, elsewhere: DAVProxy
) -> None:
    def redirect_writes(request: Request) -> Reply | None:
        if request.method in ("PUT", "DELETE"):
            return Reply(307, {"Location": elsewhere.origin + request.path})
        return None

    proxy.rule = redirect_writes
    with pytest.raises(RedirectRefusedError) as caught:
        sync_calendar(via(proxy, radicale), desired_set([1, 2]))
    message = str(caught.value)
    assert "redirected a PUT" in message and elsewhere.origin.split("//")[1] in message
    assert elsewhere.log == []  # neither the event nor the password went there
    assert radicale.objects() == {}


def test_a_redirect_to_a_host_answering_401_blames_that_host(
    radicale: RadicaleServer, proxy: DAVProxy, elsewhere: DAVProxy
) -> None:
    proxy.rule = lambda request: Reply(301, {"Location": elsewhere.origin + request.path})
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(via(proxy, radicale), desired_set([1]))
    message = str(caught.value)
    other, ours = elsewhere.origin.split("//")[1], proxy.origin.split("//")[1]
    assert message.startswith(other) and f"only to {ours}" in message
    assert elsewhere.log and all("Authorization" not in r.headers for r in elsewhere.log)
    one_line_without_secrets(message, radicale)


def test_a_same_origin_redirect_is_followed(radicale: RadicaleServer, proxy: DAVProxy) -> None:
    moved = proxy.url(radicale.calendar_url) + "old/"

    old, new = radicale.path_of(moved), radicale.path_of(radicale.calendar_url)

    def move(request: Request) -> Reply | None:
        if request.path.startswith(old):
            return Reply(308, {"Location": new + request.path[len(old) :]})
        return None

    proxy.rule = move
    report = sync_calendar(via(proxy, radicale, url=moved), desired_set([1]))
    assert len(report.created) == 1 and len(radicale.objects()) == 1


def test_a_proxy_from_the_environment_is_used(
    radicale: RadicaleServer, proxy: DAVProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with the HTTP library before: HTTP_PROXY is honoured, NO_PROXY too."""
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.origin)
    target = SyncTarget(
        url=radicale.calendar_url, username=radicale.username, password=radicale.password
    )
    assert len(sync_calendar(target, desired_set([1])).created) == 1
    assert proxy.log and all(r.headers["X-Absolute-Form"] == "yes" for r in proxy.log)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    proxy.log.clear()
    assert sync_calendar(target, desired_set([1])).unchanged == 1
    assert proxy.log == []


def test_https_goes_through_a_proxy_tunnel_still_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    cert, key = self_signed_certificate(tmp_path)
    server = start_radicale(tmp_path / "tls-radicale", tls=(cert, key))
    tunnel = DAVProxy(None).start()
    try:
        monkeypatch.setenv("HTTPS_PROXY", tunnel.origin)
        target = SyncTarget(
            url=server.calendar_url, username=server.username, password=server.password
        )
        with pytest.raises(TLSError):  # the tunnel does not weaken the certificate check
            sync_calendar(target, desired_set([1]))
        target.ca_bundle = str(cert)
        assert len(sync_calendar(target, desired_set([1])).created) == 1
        assert [r.method for r in tunnel.log] and {r.method for r in tunnel.log} == {"CONNECT"}
    finally:
        tunnel.stop()
        server.stop()


def digest_gate(server: RadicaleServer) -> Callable[[Request], Request | Reply | None]:
    """A server that only speaks Digest (as Baikal does by default), in front of Radicale:
    it checks each answer by RFC 7616's recipe, then passes the request on with Basic."""
    realm, nonce = "followcal-test", "bm9uY2UtMQ"

    def h(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def gate(request: Request) -> Request | Reply | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Digest "):
            f = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))
            ha1 = h(f"{f['username']}:{realm}:{server.password}")
            ha2 = h(f"{request.method}:{f['uri']}")
            want = h(f"{ha1}:{nonce}:{f['nc']}:{f['cnonce']}:auth:{ha2}")
            if f["uri"] == request.path and f["response"] == want and f["opaque"] == "op":
                basic = f"{server.username}:{server.password}".encode()
                headers = {**request.headers, "Authorization": "Basic " + b64(basic)}
                return Request(request.method, request.path, headers, request.body)
        challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", opaque="op"'
        return Reply(401, {"WWW-Authenticate": challenge})

    return gate


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_a_server_that_speaks_only_digest(radicale: RadicaleServer, proxy: DAVProxy) -> None:
    proxy.rule = digest_gate(radicale)
    report = sync_calendar(via(proxy, radicale), desired_set([1, 2]))
    assert len(report.created) == 2 and len(radicale.objects()) == 2
    assert sync_calendar(via(proxy, radicale), desired_set([1, 2])).unchanged == 2
    with pytest.raises(AuthenticationError) as caught:
        sync_calendar(via(proxy, radicale, password="wrong"), desired_set([1]))
    one_line_without_secrets(str(caught.value), radicale)


# -- errors say what happened ------------------------------------------------------------------


def test_credentials_echoed_in_base64_are_scrubbed(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    def echo(request: Request) -> Reply | None:
        if request.method == "PUT":
            page = f"Bad request. You sent: Authorization: {request.headers['Authorization']}"
            return Reply(400, {"Content-Type": "text/plain"}, page.encode())
        return None

    proxy.rule = echo
    (refused,) = sync_calendar(via(proxy, radicale), desired_set([1])).refused
    assert "You sent" in refused
    one_line_without_secrets(refused, radicale)


def test_a_connection_dropped_mid_sync_says_a_rerun_converges(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    puts: list[str] = []

    def drop_from_the_third_put(request: Request) -> Reply | None:
        if request.method == "PUT":
            puts.append(request.path)
            if len(puts) >= 3:  # the retry on a fresh connection too
                return Reply(drop=True)
        return None

    proxy.rule = drop_from_the_third_put
    desired = desired_set(range(1, 7))
    with pytest.raises(ConnectionFailedError) as caught:
        sync_calendar(via(proxy, radicale), desired)
    message = str(caught.value)
    assert "some writes may have landed" in message and "again converges" in message
    assert caught.value.EXIT_CODE == 16
    proxy.rule = lambda request: None
    report = sync_calendar(via(proxy, radicale), desired)
    assert len(report.created) == 4 and report.unchanged == 2
    assert stored_uids(radicale) == Counter(dict.fromkeys(desired, 1))


# -- a server that ignores preconditions (SOGo's quirks, played over Radicale) ----------------


def sogo_like(request: Request) -> Request | Reply | None:
    """SOGo 5.8: a bare VCALENDAR query answers empty; If-None-Match: * and If-Match on
    DELETE are ignored (shared/COMPAT.md)."""
    if request.method == "REPORT" and b'<C:comp-filter name="VCALENDAR"/>' in request.body:
        return Reply(207, {"Content-Type": "application/xml"}, EMPTY_MULTISTATUS)
    drop = {"PUT": "if-none-match", "DELETE": "if-match"}.get(request.method)
    if drop:
        headers = {k: v for k, v in request.headers.items() if k.lower() != drop}
        return Request(request.method, request.path, headers, request.body)
    return None


def test_a_server_answering_a_bare_query_empty_still_shows_its_events(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    proxy.rule = sogo_like
    desired = desired_set(range(1, 4))
    assert len(sync_calendar(via(proxy, radicale), desired).created) == 3
    again = sync_calendar(via(proxy, radicale), desired)
    assert again.changed == 0 and again.unchanged == 3 and again.conflicts == []


def test_a_server_that_cannot_query_is_read_through_its_listing(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    """Every calendar-query answered empty: the PROPFIND cross-check finds the objects."""
    desired = desired_set(range(1, 4))
    sync_calendar(via(proxy, radicale), desired)

    def no_query(request: Request) -> Reply | None:
        if request.method == "REPORT" and b"calendar-query" in request.body:
            return Reply(207, {"Content-Type": "application/xml"}, EMPTY_MULTISTATUS)
        return None

    proxy.rule = no_query
    again = sync_calendar(via(proxy, radicale), desired)
    assert again.changed == 0 and again.unchanged == 3
    assert [r.method for r in proxy.log if r.method == "PUT"] == ["PUT"] * 3  # the first sync's


def test_a_create_answered_204_stops_the_sync(radicale: RadicaleServer, proxy: DAVProxy) -> None:
    """Something appeared at the address after the listing; the server overwrote it."""
    proxy.rule = sogo_like
    desired = desired_set(range(1, 4))
    first = sorted(desired)[0]
    theirs = desired_set([1], summary="Written by another app")[first]

    def write_behind_our_back(done: int, total: int) -> None:
        if done == 0:
            radicale.put_object(
                radicale.calendar_url + resource_name(first), theirs.to_ical(), create=True
            )

    with pytest.raises(PreconditionIgnoredError) as caught:
        sync_calendar(via(proxy, radicale), desired, progress=write_behind_our_back)
    assert "204" in str(caught.value) and "stopped" in str(caught.value)
    assert len(radicale.objects()) == 1  # nothing more was written after it


def test_with_the_server_kind_named_a_create_looks_first(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    """caldav's quirk matrix says SOGo ignores If-None-Match: each create checks first."""
    proxy.rule = sogo_like
    desired = desired_set(range(1, 4))
    first = sorted(desired)[0]
    uid, theirs = make_item(1, summary="Edited by the user")

    def write_behind_our_back(done: int, total: int) -> None:
        if done == 0:
            radicale.put_object(
                radicale.calendar_url + resource_name(first), theirs.to_ical(), create=True
            )

    report = sync_calendar(
        via(proxy, radicale, server="sogo"), desired, progress=write_behind_our_back
    )
    assert report.server == "sogo"
    assert len(report.created) == 2 and len(report.updated) == 1  # ours, stale: updated
    user = by_uid(radicale)[uid]
    edit_on_server(radicale, uid, lambda c: c.__setitem__("SUMMARY", icalendar.vText("Mine")))
    assert by_uid(radicale)[uid].etag != user.etag
    again = sync_calendar(via(proxy, radicale, server="sogo"), desired)
    assert len(again.conflicts) == 1 and "Mine" in by_uid(radicale)[uid].data


def test_the_etag_is_checked_again_right_before_a_delete(
    radicale: RadicaleServer, proxy: DAVProxy
) -> None:
    """If-Match on DELETE ignored (SOGo): an edit made after the listing still survives."""
    proxy.rule = sogo_like
    desired = desired_set(range(1, 5))
    sync_calendar(via(proxy, radicale), desired)
    uid = sorted(desired)[0]

    def edit_during_the_sync(done: int, total: int) -> None:
        if done == 0:
            edit_on_server(radicale, uid, lambda c: c.__setitem__("LOCATION", "Room 4"))

    rest = {k: v for k, v in desired.items() if k != uid}
    report = sync_calendar(via(proxy, radicale), rest, progress=edit_during_the_sync)
    assert report.deleted == [] and len(report.conflicts) == 1
    assert "changed on the server during the sync" in report.conflicts[0]
    assert "Room 4" in by_uid(radicale)[uid].data


def test_the_server_kind_is_guessed_from_the_url_layout_or_named() -> None:
    from followcal.sync import guess_server, known_servers

    assert guess_server("https://mail.example.org/SOGo/dav/ann/Calendar/personal/") == "sogo"
    assert guess_server("https://cloud.example.org/remote.php/dav/") == "nextcloud"
    assert guess_server("http://127.0.0.1:5232/ann/", {"Server": "SOGo"}) == "sogo"
    assert guess_server("http://127.0.0.1:5232/ann/") is None
    assert {"sogo", "zimbra", "nextcloud", "radicale", "xandikos"} <= set(known_servers())


def test_an_unknown_server_kind_is_refused_with_the_known_ones(radicale: RadicaleServer) -> None:
    from followcal.sync import InvalidTargetError

    target = SyncTarget(url=radicale.calendar_url, username="a", password="b", server="sogoo")
    with pytest.raises(InvalidTargetError, match=r"unknown server kind 'sogoo'.*sogo"):
        sync_calendar(target, {})


# -- every documented exit code, through the CLI -----------------------------------------------


def cli_sync(url: str, *args: str, password: str = "x", user: str = "alice") -> object:
    env = {"FOLLOWCAL_PASSWORD": password}
    command = ["sync", str(SAMPLE), "--url", url, "--username", user, "--now", NOW,
               "--tz", "UTC", *args]  # fmt: skip
    return CliRunner().invoke(main, command, env=env)


def test_exit_codes_10_to_19_as_documented(
    radicale: RadicaleServer, proxy: DAVProxy, tmp_path: Path
) -> None:
    ok = {"password": radicale.password}
    cal = radicale.calendar_url
    results: dict[int, object] = {}
    results[10] = cli_sync(cal, password="wrong")
    radicale.add_user("bob", "bobs password")
    bobs = radicale.make_calendar("bobs", "Bob's", username="bob", password="bobs password")
    results[11] = cli_sync(bobs, **ok)
    results[12] = cli_sync(radicale.url + "alice/nothing-here/", **ok)
    proxy.rule = lambda r: Reply(415, {}, b"no") if r.method == "PUT" else None
    results[13] = cli_sync(proxy.url(cal), **ok)
    proxy.rule = lambda r: None
    assert cli_sync(cal, **ok).exit_code == 0  # type: ignore[attr-defined]
    stored = next(o for o in radicale.objects().values() if "call Jo Evans" in o.data)
    radicale.put_object(stored.href, stored.data.replace("call Jo", "ring Jo"), etag=stored.etag)
    results[14] = cli_sync(cal, **ok)
    results[19] = cli_sync("ftp://127.0.0.1/cal/", **ok)
    proxy.rule = lambda r: Reply(207, {}, EMPTY_MULTISTATUS, trickle=0.3)
    results[17] = cli_sync(proxy.url(cal), "--timeout", "1", **ok)
    results[15] = cli_sync(cal.replace("http://", "https://"), **ok)
    radicale.stop()
    results[16] = cli_sync(cal, **ok)
    radicale.start()
    other = tmp_path / "other.toml"
    other.write_text(
        '[[interview]]\ncompany = "Solo"\nrole = "Dev"\ndate = 2026-11-24T10:00:00\n'
        '[[interview.contacts]]\nname = "Ann Lee"\nemail = "ann@solo.example"\n'
    )
    results[18] = CliRunner().invoke(
        main,
        ["sync", str(other), "--url", cal, "--username", "alice", "--now", NOW, "--tz", "UTC"],
        env={"FOLLOWCAL_PASSWORD": radicale.password},
    )
    for code, result in sorted(results.items()):
        got = result.exit_code  # type: ignore[attr-defined]
        stderr = result.stderr  # type: ignore[attr-defined]
        assert got == code, f"expected {code}, got {got}: {stderr}"
        assert "Traceback" not in stderr and radicale.password not in stderr
