"""`followcal inbox` and `followcal prepare`: the mailbox commands.

Thin on purpose: options in, `followcal.mail` does the work, results printed. The mail
libraries (imapclient, email) are imported inside the commands, so `followcal --help`
stays fast.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followcal.cli import asking
from followcal.cli.asking import ask_written_offer_deadline, confirm
from followcal.cli.options import (
    FILE_OPTION,
    edit_path,
    mailbox_options,
    plan_options,
    run_plan,
    split_mail_options,
)
from followcal.text import printable

if TYPE_CHECKING:
    from followcal.config import Config
    from followcal.mail.proposals import Finding
    from followcal.mail.sources import ImapSource, MailSource
    from followcal.pipeline import Run


def open_source(config: Config, options: dict[str, Any], need_imap: bool = False) -> MailSource:
    from followcal.credentials import IMAP_ENV_VAR, resolve_password, run_token_command
    from followcal.mail.sources import (
        ImapLogin,
        ImapSource,
        MaildirSource,
        MboxSource,
        imap_endpoint,
    )  # fmt: skip

    settings = config.mail

    def setting(name: str) -> Any:
        return options.get(name) or settings.get(name)

    folders = {"sent": setting("sent_folder"), "drafts": setting("drafts_folder")}
    chosen = [name for name in ("imap", "maildir", "mbox") if options.get(name)]
    if not chosen:
        chosen = [name for name in ("imap", "maildir", "mbox") if settings.get(name)][:1]
    if len(chosen) > 1:
        raise click.UsageError("give one of --imap, --maildir and --mbox")
    if not chosen:
        raise click.UsageError(
            "no mailbox: pass --imap URL (or --maildir / --mbox PATH), or set imap in the "
            "config's [mail]"
        )
    kind = chosen[0]
    if need_imap and kind != "imap":
        raise click.UsageError("prepare puts drafts on your mail server: it needs --imap URL")
    if kind == "maildir":
        return MaildirSource(Path(setting("maildir")).expanduser(), folders)
    if kind == "mbox":
        return MboxSource(Path(setting("mbox")).expanduser(), folders)
    url = setting("imap")
    imap_endpoint(url)  # a mistyped URL is said before any password is asked for
    username = setting("username")
    if not username:
        raise click.UsageError("no user name: pass --username or set username in [mail]")
    token_command = setting("oauth2_token_command")
    password = token = None
    if token_command:
        token = run_token_command(token_command)
    else:
        password = resolve_password(
            username,
            url,
            password_command=setting("password_command"),
            allow_prompt=asking.stdin_is_terminal(),
            prompt=lambda text: click.prompt(text, hide_input=True, err=True),
            env_var=IMAP_ENV_VAR,
        )
    login = ImapLogin(
        url=url,
        username=username,
        password=password,
        token=token,
        ca_bundle=setting("ca_bundle"),
        timeout=options.get("timeout") or 30.0,
    )
    return ImapSource.connect(login, folders)


@click.command()
@mailbox_options
@click.option("--json", "as_json", is_flag=True, help="Print a stable JSON list instead.")
@click.option("--apply", "apply_", is_flag=True, help="Record the proposed changes.")
@click.option("--yes", is_flag=True, help="With --apply: record every one without asking.")
@FILE_OPTION
@plan_options
def inbox(as_json: bool, apply_: bool, yes: bool, file: Path | None, **options: Any) -> None:
    """Find replies, rejections, invitations and offers in your mailbox; propose the changes.

    Read-only: folders are opened with EXAMINE and messages read with BODY.PEEK, so no flag
    changes, and nothing is moved, deleted or added. With --apply, each proposal is recorded
    in the interviews file (asking first on a terminal) and never proposed again.
    """
    from followcal.mail.report import findings_json, findings_table
    from followcal.mail.scan import scan

    mail_options, plan_opts = split_mail_options(options)
    path = edit_path(file)
    run = run_plan((path,), **plan_opts)
    source = open_source(run.config, mail_options)
    try:
        findings = scan(source, run.entries.interviews, run.actions, run.now)
    finally:
        source.close()
    for warning in getattr(source, "skipped", ()):
        click.secho(f"Warning: {printable(warning)}", err=True, fg="yellow")
    if as_json:
        click.echo(findings_json(findings))
    else:
        from followcal.timezones import resolve_zone

        click.echo(findings_table(findings, resolve_zone(run.my_zone_name)))
    if not apply_:
        return
    proposals = [f for f in findings if f.change]
    if not proposals:
        return
    if not yes and not asking.stdin_is_terminal():
        raise click.UsageError(
            "--apply asks before each change: run it in a terminal, or add --yes to record them all"
        )
    _apply(path, run, proposals, ask=not yes)


def _apply(path: Path, run: Run, proposals: list[Finding], ask: bool) -> None:
    """Ask first (no lock held while a person thinks), then record the accepted changes in
    one locked edit (`mail.apply`)."""
    from followcal.mail.apply import Approved, record_findings

    approved: list[Approved] = []
    for finding in proposals:
        change = finding.change
        assert change is not None
        label = f"{finding.interview.id}: {change.words}"
        if change.check and not ask:
            # Uncertain evidence needs a person: never recorded by --yes.
            click.echo(f"Not recorded with --yes (check it at a terminal): {printable(label)}")
            continue
        if ask and not confirm(f"Record {printable(label)}?", default=True):
            continue
        approved.append(Approved(finding, _offer_deadline(finding) if ask else None))
    if not approved:
        click.echo(f"Nothing recorded in {path}")
        return
    recorded, skipped = record_findings(path, approved, run.zone_name)
    for finding, reason in skipped:
        assert finding.change is not None
        click.secho(
            f"Skipped {finding.interview.id}: {printable(finding.change.words)}: "
            f"{printable(reason)}",
            err=True,
            fg="yellow",
        )
    for finding in recorded:  # only now: the file holds them
        assert finding.change is not None
        click.echo(f"Recorded {finding.interview.id}: {printable(finding.change.words)}")
    click.echo(f"{len(recorded)} change(s) recorded in {path}")
    for item in approved:
        change, interview = item.finding.change, item.finding.interview
        if change and change.next_round:
            click.echo(
                f"  When you know the date of round {change.next_round} with "
                f"{interview.company}: followcal add --round {change.next_round} "
                f"--company '{interview.company}' --role '{interview.role}' --date ...",
                err=True,
            )


def _offer_deadline(finding: Finding) -> date | None:
    """For an offer, on a terminal: is it in writing, and by when must you answer?
    None: verbal (or unknown), recorded as status offer only."""
    change = finding.change
    if change is None or change.status != "offer":
        return None
    return ask_written_offer_deadline(change.on)


@click.command()
@mailbox_options
@click.option(
    "--days",
    default=0,
    show_default=True,
    type=click.IntRange(0, 60),
    help="Also the email steps due in the next N days.",
)
@click.option("--dry-run", is_flag=True, help="List what would be added; add nothing.")
@FILE_OPTION
@plan_options
def prepare(days: int, dry_run: bool, file: Path | None, **options: Any) -> None:
    """Put today's email follow-ups in your Drafts folder, ready to review and send.

    Each draft has From, To, Cc, Subject and the drafted text, flagged \\Draft. Its
    Message-ID comes from the step, so a rerun never adds it twice and a draft you edited
    is left alone. Nothing else in the mailbox is touched.
    """
    from followcal.mail.drafts import NoAddress, build_draft
    from followcal.queries import emails_due

    mail_options, plan_opts = split_mail_options(options)
    path = edit_path(file)
    run = run_plan((path,), **plan_opts)
    due = emails_due(run.actions, run.now.date(), days, run.now.tzinfo)
    candidate = run.candidate
    drafts = []
    for item in run.drafts(due):
        try:
            drafts.append((item, build_draft(item, candidate, run.now)))
        except NoAddress as err:
            click.secho(f"Skipped: {err}", err=True, fg="yellow")
    if dry_run:
        if not drafts:
            click.echo("No email is due" + (f" in the next {days} day(s)" if days else " today"))
        for item, mail in drafts:
            click.echo(
                f"would add: {item.action.interview.id} {item.action.step.id} to "
                f'{", ".join(mail.to + mail.cc)}: "{mail.subject}"'
            )
        return
    # The mailbox is reached even when nothing is due: a cron job with a wrong --imap must
    # fail today, not on the morning a follow-up is due.
    source = open_source(run.config, mail_options, need_imap=True)
    try:
        if not drafts:
            _check_drafts_folder(source)  # type: ignore[arg-type]
            click.echo("No email is due" + (f" in the next {days} day(s)" if days else " today")
                       + "; the mailbox and its Drafts folder are reachable")  # fmt: skip
            return
        _append_drafts(source, drafts)  # type: ignore[arg-type]
    finally:
        source.close()


def _check_drafts_folder(source: ImapSource) -> str:
    from followcal.mail.sources import MailError

    folder = source.folder("drafts")
    if folder is None:
        raise MailError("no Drafts folder found: name it with --drafts-folder")
    return folder


def _append_drafts(source: ImapSource, drafts: list[Any]) -> None:

    folder = _check_drafts_folder(source)
    sent = source.folder("sent")
    added = 0
    for item, mail in drafts:
        label = f"{item.action.interview.id} {item.action.step.id}"
        # Already there (perhaps edited under a new id), or already sent: leave it be.
        where = next(
            (
                f
                for f in (folder, sent)
                if f and source.has_message(f, mail.message_id, mail.to[0], mail.subject)
            ),
            None,
        )
        if where is not None:
            click.echo(f"already in {where}: {label}")
            continue
        source.append(folder, mail.as_bytes())
        added += 1
        click.echo(f"added to {folder}: {label} to {', '.join(mail.to + mail.cc)}")
    click.echo(f"{added} draft(s) added")
