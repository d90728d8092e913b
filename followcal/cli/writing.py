"""`followcal import`: a spreadsheet of interviews becomes an interviews file to keep."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from followcal.cli.options import plan_options, run_plan
from followcal.errors import OutputError


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path), metavar="FILE.csv")
@click.option(
    "-o",
    "--output",
    default="interviews.toml",
    show_default=True,
    metavar="FILE.toml|-",
    help="The interviews file to write; - for standard output.",
)
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@plan_options
def import_command(source: Path, output: str, force: bool, **options: Any) -> None:
    """Turn a spreadsheet (CSV, or Excel's Unicode text) into a commented interviews file.

    Every row is checked first, as `validate` would; nothing is written unless all of it
    reads. From then on, record what happens in the new file with sent, status and offer.
    """
    from followcal.fileio import write_atomic
    from followcal.importing import interviews_toml

    run = run_plan((source,), **options)
    text = interviews_toml(run.entries.interviews, source.name, run.now.date())
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.resolve() == source.resolve():
        raise OutputError(f"{path} is the spreadsheet itself; choose another -o")
    if (path.exists() or path.is_symlink()) and not force:
        raise OutputError(f"{path} already exists; choose another -o, or pass --force")
    write_atomic(path, text.encode("utf-8"))
    count = len(run.entries.interviews)
    click.echo(f"Wrote {count} interview(s) from {source} to {path}; "
               f"record what happens there, e.g. 'followcal sent ID STEP -f {path}'")  # fmt: skip
