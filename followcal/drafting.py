"""Render a step's message template into a ready-to-send draft (subject, body, link).

Templates are plain text rendered in Jinja's sandbox: users may drop their own templates in
their templates folder, and a template should never be able to reach Python internals.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from followcal.errors import TemplateError

if TYPE_CHECKING:
    # Annotations only: jinja2 is imported inside the functions so that `followcal --help`
    # and the commands that never render a message start without paying for it.
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"

_SUBJECT = re.compile(r"subject:[ \t]*(.*)", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """One drafted message: what goes into the event description and its quick-action link."""

    subject: str | None
    body: str
    link: str | None  # mailto: for emails, tel: for calls, None otherwise

    @property
    def text(self) -> str:
        """The whole message, ready to copy (a call's body already holds both scripts)."""
        if self.subject:
            return f"Subject: {self.subject}\n\n{self.body}"
        return self.body


class _Fields(dict[str, object]):
    """A context mapping that knows its own name, so an error can say 'contact', not 'dict'."""

    __slots__ = ("_followcal_label",)  # underscore: the sandbox refuses to show it to templates

    def __init__(self, label: str, items: Mapping[str, object]) -> None:
        super().__init__(items)
        self._followcal_label = label


@functools.cache
def _builtin_loader() -> jinja2.BaseLoader:
    import jinja2

    # PackageLoader finds the folder through the import system, so it works from an installed
    # wheel as well as from a checkout; building it costs a spec lookup, hence the cache.
    return jinja2.PackageLoader("followcal", "templates")


@functools.cache
def _undefined_class() -> type[jinja2.StrictUndefined]:
    import jinja2

    class _Undefined(jinja2.StrictUndefined):
        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            owner = self._undefined_obj
            if not self._undefined_hint and isinstance(owner, _Fields):
                what = "attribute" if isinstance(self._undefined_name, str) else "element"
                return f"{owner._followcal_label!r} has no {what} {self._undefined_name!r}"
            message: str = super()._undefined_message
            return message

    return _Undefined


def make_environment(user_template_dir: Path | None) -> SandboxedEnvironment:
    """A sandboxed plain-text environment: the user's folder first, then the built-ins.

    A folder that does not exist is skipped (the default templates folder usually does not),
    so the built-in templates are used. Reuse the environment: it caches compiled templates.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loaders: list[jinja2.BaseLoader] = []
    if user_template_dir is not None and user_template_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(user_template_dir, encoding="utf-8"))
    loaders.append(_builtin_loader())
    # Immutable: a template may read the context but not append to or update its lists/dicts.
    return ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=_undefined_class(),
        autoescape=False,  # plain text: escaping would put &amp; into messages
        # Each template is compiled once a run and rendered from that compiled form: no
        # check of its file for changes before every message (a stat per render).
        auto_reload=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_draft(
    env: SandboxedEnvironment, template_name: str, context: Mapping[str, object]
) -> Draft:
    """Render `template_name` (`<template>.<channel>.j2`) and split off its `Subject:` line.

    Every failure a template can cause (missing, bad syntax, undefined field, sandbox
    violation, an error while rendering) becomes a one-line TemplateError.
    """
    main_file: str | None = None  # the file that was picked (the user's copy or the built-in)
    try:
        template = env.get_template(template_name)
        main_file = template.filename
        text = _render(template, context)
    except Exception as err:
        raise _template_error(err, template_name, main_file) from err

    lines = _tidy(text).split("\n")
    subject = None
    match = _SUBJECT.fullmatch(lines[0])
    if match:
        subject = " ".join(match.group(1).split()) or None
        lines = lines[1:]
    body = "\n".join(lines).strip("\n")
    if not body:
        raise TemplateError(f"template {template_name!r} produced an empty message")
    return Draft(subject=subject, body=body, link=_link(template_name, context, subject))


def mailto_link(addresses: Sequence[str], subject: str | None) -> str:
    """An RFC 6068 mailto: URI that opens a new message to `addresses` with `subject`.

    It carries no body: the message sits right above the link in the event, to copy. A body
    in the link would put the whole message into the file a second time, percent-encoded
    (three bytes for every accented letter), and long mailto: links are cut short by some
    phone mail apps; khal and todoman also show its escapes decoded (shared/COMPAT.md).
    """
    to = ",".join(quote(address.strip(), safe="@+") for address in addresses)
    return f"mailto:{to}" + (f"?subject={_encode(subject)}" if subject else "")


def _encode(text: str) -> str:
    # quote(safe="") also encodes '&', '=' and '+'; a subject is one line, so no CRLF rule.
    return quote(text, safe="")


def _render(template: jinja2.Template, context: Mapping[str, object]) -> str:
    """The template rendered from `context` as it is. Only when that fails is it rendered
    again from a copy whose every mapping knows its path ('contact', 'interview'), so that
    the error names the field, not 'dict object': a copy for every message of a large run
    would cost more than the rendering itself."""
    try:
        return template.render(context)
    except Exception as plain_error:
        labelled = {key: _labelled(value, key) for key, value in context.items()}
        template.render(labelled)  # raises the same error, worded with the field's name
        raise plain_error from None


def _labelled(value: object, label: str) -> object:
    """Copy nested dicts/lists, naming each mapping after its path for error messages."""
    if isinstance(value, Mapping):
        return _Fields(label, {str(k): _labelled(v, f"{label}.{k}") for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [_labelled(item, f"{label}[{i}]") for i, item in enumerate(value)]
    return value


def _tidy(text: str) -> str:
    """No trailing spaces, no runs of blank lines, no blank lines at either end."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n")


def _field(record: object, name: str) -> object:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def _link(template_name: str, context: Mapping[str, object], subject: str | None) -> str | None:
    channel = template_name.removesuffix(".j2").rpartition(".")[2]
    if channel == "email":
        contacts = context.get("contacts")
        if not isinstance(contacts, Sequence) or isinstance(contacts, str):
            contacts = [context.get("contact")]
        addresses = [str(e) for e in (_field(c, "email") for c in contacts) if e]
        return mailto_link(addresses, subject)
    if channel == "phone":
        # messages.context reads the number with phonenumbers: E.164, extension as ;ext=
        tel = _field(context.get("contact"), "tel")
        if isinstance(tel, str) and tel.startswith("tel:"):
            return tel
    return None


def _template_error(err: Exception, template_name: str, main_file: str | None) -> TemplateError:
    import jinja2

    if isinstance(err, jinja2.TemplateNotFound) and err.name == template_name:
        return TemplateError(
            f"template {template_name!r} not found in the templates folder or the built-ins"
        )
    if isinstance(err, UnicodeDecodeError):
        return TemplateError(f"template {template_name!r}: not readable as UTF-8 text ({err})")
    if isinstance(err, OSError) and not isinstance(err, jinja2.TemplateError):
        # TemplateNotFound is an OSError too: only a real read failure lands here
        return TemplateError(f"template {template_name!r}: cannot read it ({err})")

    filename: str | None
    lineno: int | None
    if isinstance(err, jinja2.TemplateSyntaxError):
        # Raised while compiling: Jinja records the file and line on the error itself.
        filename, lineno = err.filename, err.lineno
        if err.name == template_name:
            main_file = filename
        message = err.message or "syntax error"
    else:
        filename, lineno = _template_frame(err)
        if filename is None and not isinstance(err, jinja2.TemplateError):
            raise err  # not raised from template code: a bug of ours, keep the traceback
        message = str(err) or type(err).__name__
        if isinstance(err, jinja2.TemplateNotFound):
            message = f"included template {err.name!r} not found"
        elif isinstance(err, jinja2.exceptions.SecurityError):
            message = f"blocked by the sandbox: {message}"

    if filename is None or filename == main_file:
        where = f"template {_display(filename, template_name)!r}"
    else:  # the error sits in a file the template includes
        included = _display(filename, Path(filename).name)
        where = f"template {template_name!r} (in {included!r})"
    if lineno:
        where += f", line {lineno}"
    return TemplateError(" ".join(f"{where}: {message}".split()))


def _template_frame(err: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a rendering traceback.

    Jinja rewrites tracebacks so that template code shows up as frames of the template
    file (marked by `__jinja_exception__` in their globals); the last one is where it broke.
    """
    filename: str | None = None
    lineno: int | None = None
    tb = err.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            filename, lineno = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return filename, lineno


def _display(filename: str | None, name: str) -> str:
    """A built-in template goes by its name; a user's file by its path, so they know which."""
    if filename and not filename.startswith("<"):
        path = Path(filename).resolve()
        if not path.is_relative_to(BUILTIN_TEMPLATES.resolve()):
            return str(path)
    return name
