"""The command line: `form4viewer [FILE]` opens the window; subcommands work headless.

Every failure a person can cause (a bad file, an unusable database) is printed as one line naming the file and the
problem, and the exit status says whether anything failed; a traceback is only ever a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any

from . import __version__
from .errors import Form4ViewerError

log = logging.getLogger(__name__)

SUBCOMMANDS = ("gui", "extract", "check", "import", "export", "info", "install-desktop")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _add_time_limit(parser: argparse.ArgumentParser) -> None:
    from .limits import DEFAULT_SECONDS

    parser.add_argument("--time-limit", type=_seconds, default=DEFAULT_SECONDS, metavar="SECONDS",
                        help=f"give up on a file that takes longer than this to read (default {DEFAULT_SECONDS:g}; "
                        "0 for no limit); it is reported as too slow to read and the other files go on")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="form4viewer",
        description="Read, check, correct and export SEC Form 3, 4 and 5 insider-ownership filings. "
        "With no subcommand, opens the window (on FILE, if given).",
    )
    parser.add_argument("--version", action="version", version=f"form4viewer {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the window (the default)", description="Open the desktop window.")
    gui.add_argument("file", nargs="?", help="a filing to open at start")
    gui.add_argument("--db", help="the SQLite file to use (default: in the user's data directory)")
    gui.add_argument("--screenshot", metavar="PNG", help="open FILE, wait until it is read and drawn, save a "
                     "picture of the window to PNG and exit")
    gui.add_argument("--screenshot-when", choices=("ready", "shown"), default="ready",
                     help="with --screenshot: take the picture when FILE is read and drawn (ready, the default) or "
                     "as soon as its source is drawn, before its values are read (shown)")
    gui.set_defaults(func=_cmd_gui)

    extract = sub.add_parser(
        "extract",
        help="read filings and print what they say",
        description="Read each FILE (any kind form4viewer opens) and print its content. With jsonl, one line per "
        "file in the order given; a file that cannot be read gives {\"file\": ..., \"error\": ...} and the others "
        "go on. Exit status 1 if any file failed.",
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--format", choices=("json", "jsonl", "csv"), default="json",
                         help="json: an array of objects; jsonl: one object per line; csv: one line per table row")
    _add_time_limit(extract)
    extract.set_defaults(func=_cmd_extract)

    check = sub.add_parser(
        "check",
        help="read filings and list the values a person should look at",
        description="Read each FILE and run the checks on it: required values missing, values the form does not "
        "allow, values that disagree with each other, footnotes, and values the reader was unsure of. With jsonl, "
        "one line per file: {\"file\": ..., \"problems\": [{\"rule\", \"severity\", \"path\", \"message\"}]}, or "
        "{\"file\": ..., \"error\": ...} for a file that cannot be read. Exit status 1 if any error was found or "
        "any file failed.",
    )
    check.add_argument("files", nargs="*", metavar="FILE")
    check.add_argument("--format", choices=("text", "jsonl"), default="text",
                       help="text: a listing grouped by file (the default); jsonl: one object per file")
    check.add_argument("--rules", action="store_true", help="list the rules (id, severity, what each finds) and exit")
    _add_time_limit(check)
    check.set_defaults(func=_cmd_check)

    info = sub.add_parser("info", help="print the version and where files are kept",
                          description="Print the version, the SQLite file and data folder in use, and where the "
                          "application's icons and sample filings were found.")
    info.set_defaults(func=_cmd_info)

    desktop = sub.add_parser(
        "install-desktop",
        help="add form4viewer to the desktop's applications menu (Linux)",
        description="Install the launcher (with the file types form4viewer opens), the icon and the AppStream "
        "metainfo for the current user, pointing at this form4viewer. Run it again after moving or upgrading.",
    )
    desktop.add_argument("--data-home", metavar="DIR",
                         help="where to install (default: $XDG_DATA_HOME, else ~/.local/share)")
    desktop.set_defaults(func=_cmd_install_desktop)

    imp = sub.add_parser(
        "import",
        help="save filings into the SQLite file",
        description="Read each PATH (a filing, or a folder searched recursively) and save it in the SQLite file, "
        "using every core. A file whose bytes are already saved is skipped as a duplicate, so its corrections are "
        "kept; files in folders that are not filings are skipped. Prints a summary; exit status 1 if any file "
        "failed.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--db", help="the SQLite file to use (default: in the user's data directory)")
    imp.add_argument("--jobs", type=int, metavar="N", help="read with N processes (default: one per core)")
    _add_time_limit(imp)
    imp.set_defaults(func=_cmd_import)

    export = sub.add_parser(
        "export",
        help="write saved filings as CSV",
        description="Write saved filings, with their corrections, into DIR as the eight tables of the SEC's "
        "Insider Transactions Data Sets (SUBMISSION.csv, REPORTINGOWNER.csv, NONDERIV_TRANS.csv, "
        "NONDERIV_HOLDING.csv, DERIV_TRANS.csv, DERIV_HOLDING.csv, FOOTNOTES.csv, OWNER_SIGNATURE.csv; the SEC's "
        "column names, ISO dates) and transactions.csv, one line per table row for spreadsheets.",
    )
    export.add_argument("--db", help="the SQLite file to read (default: in the user's data directory)")
    export.add_argument("--out", required=True, metavar="DIR", help="the folder to write into (made if missing)")
    export.add_argument("--filing", type=int, nargs="+", action="extend", metavar="ID",
                        help="export only these saved filings (default: all)")
    export.set_defaults(func=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    first = next((a for a in argv if a not in ("-v", "--verbose")), None)
    if first is None or (first not in SUBCOMMANDS and first not in ("-h", "--help", "--version")):
        flags = [a for a in argv if a in ("-v", "--verbose")]
        argv = flags + ["gui"] + [a for a in argv if a not in ("-v", "--verbose")]
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except Form4ViewerError as exc:
        print(f"form4viewer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("form4viewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from .gui.app import run

    return run(path=args.file, db_path=args.db, screenshot=args.screenshot, screenshot_when=args.screenshot_when)


def read_many(
    files: Iterable[str], seconds: float | None = None, then: Callable[[Any], Any] | None = None
) -> Iterable[tuple[str, Any, str | None]]:
    """(file, filing or None, error message or None) for each file, in order; one bad file stops nothing. The file
    name given back is readers.shown_name's (bytes that are not UTF-8 written as `\\xff`), fit to print. Reading
    a file (and `then(filing)`, whose result replaces the filing) may take `seconds` (None or 0: no limit); a
    file that takes longer is reported as too slow to read. This runs on the command line's main thread, where
    the budget's timer stops a reading wherever it is."""
    from .limits import time_budget
    from .readers import read, shown_name

    for file in files:
        shown = shown_name(file)
        try:
            with time_budget(seconds, shown):
                filing = read(file)
                result = then(filing) if then is not None else filing
            yield shown, result, None
        except Form4ViewerError as exc:
            yield shown, None, str(exc)
        except MemoryError:
            yield shown, None, f"{shown}: not enough memory to read it"
        except Exception as exc:  # a reader bug must not stop a batch; it is still reported
            log.exception("unexpected error reading %s", shown)
            yield shown, None, f"{shown}: could not be read ({type(exc).__name__}: {exc})"


def _cmd_extract(args: argparse.Namespace) -> int:
    from .contract import to_contract

    failed = 0
    out = sys.stdout
    if args.format == "csv":
        from .export import write_transactions_csv

        filings = []
        for file, filing, error in read_many(args.files, args.time_limit):
            if error:
                failed += 1
                print(f"form4viewer: {error}", file=sys.stderr)
            else:
                filings.append((file, filing))
        write_transactions_csv(out, filings)
        return 1 if failed else 0

    emit: Callable[[dict[str, Any]], None]
    items: list[dict[str, Any]] = []
    if args.format == "jsonl":

        def emit(item: dict[str, Any]) -> None:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            out.flush()

    else:
        emit = items.append
    for file, filing, error in read_many(args.files, args.time_limit):
        if error:
            failed += 1
            emit({"file": file, "error": error})
            if args.format == "json":
                print(f"form4viewer: {error}", file=sys.stderr)
        else:
            emit(to_contract(filing, file))
    if args.format == "json":
        json.dump(items, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return 1 if failed else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .checks import RULES, check

    out = sys.stdout
    if args.rules:
        width = max(len(rule_id) for rule_id in RULES)
        for r in RULES.values():
            out.write(f"{r.id:{width}}  {r.severity:7}  {r.description}\n")
        return 0
    if not args.files:
        print("form4viewer check: give at least one FILE (or --rules)", file=sys.stderr)
        return 2
    failed = found_error = False

    def checked(filing: Any) -> list[Any]:
        return check(filing)  # inside the file's time budget, with its reading

    for n, (file, problems, error) in enumerate(read_many(args.files, args.time_limit, checked)):
        if error:
            failed = True
            if args.format == "jsonl":
                out.write(json.dumps({"file": file, "error": error}, ensure_ascii=False) + "\n")
            else:
                out.write(("\n" if n else "") + f"{file}: could not be read\n  {error}\n")
            out.flush()
            continue
        found_error = found_error or any(p.severity == "error" for p in problems)
        if args.format == "jsonl":
            item = {"file": file, "problems": [p.to_dict() for p in problems]}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if n else "") + _problems_text(file, problems))
        out.flush()
    return 1 if failed or found_error else 0


def _problems_text(file: str, problems: list[Any]) -> str:
    """One file's problems for a person: a heading with the counts, then one line per problem."""
    if not problems:
        return f"{file}: no problems found\n"
    counts = []
    for severity, word in (("error", "error"), ("warning", "warning"), ("info", "note")):
        count = sum(1 for p in problems if p.severity == severity)
        if count:
            counts.append(f"{count} {word}{'s' if count != 1 else ''}")
    lines = [f"{file}: {', '.join(counts)}"]
    for p in problems:
        lines.append(f"  {p.severity:7}  {p.path}  [{p.rule}]")
        lines.append(f"           {p.message}")
    return "\n".join(lines) + "\n"


def _cmd_info(args: argparse.Namespace) -> int:
    from .paths import data_dir, default_db_path
    from .resources import resource_root, samples

    print(f"form4viewer {__version__}")
    print(f"database:    {default_db_path()}")
    print(f"data folder: {data_dir()}")
    from . import store
    from .readers import ownership

    compiled = [name for name, built in (("XML walk", ownership.COMPILED_WALK), ("JSON writer", store.COMPILED_JSON))
                if built]
    print(f"compiled:    {', '.join(compiled) or 'nothing (no C compiler at install); Python is used throughout'}")
    try:
        print(f"resources:   {resource_root()}")
        for n, sample in enumerate(samples()):
            print(f"{'samples:' if n == 0 else '':13}{sample}")
    except FileNotFoundError as exc:
        print(f"form4viewer: {exc}", file=sys.stderr)
        return 1
    return 0


def _db_path(args: argparse.Namespace) -> str:
    from .paths import default_db_path

    return args.db or str(default_db_path())


class _ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.shown = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, _outcome: object = None) -> None:
        import time

        now = time.monotonic()
        if not self.shown or (done < total and now - self.last < 0.1):
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _cmd_import(args: argparse.Namespace) -> int:
    from .store import Store

    db = _db_path(args)
    bar = _ProgressBar("importing")
    with Store.open(db) as store:
        try:
            outcomes = store.import_paths(args.paths, jobs=args.jobs, progress=bar, time_limit=args.time_limit)
        finally:
            bar.end()
    by_status: dict[str, list[Any]] = {}
    for outcome in outcomes:
        by_status.setdefault(outcome.status, []).append(outcome)
    read = len(by_status.get("read", []))
    from .readers import shown_name

    print(f"{read} filing{'s' if read != 1 else ''} read and saved in {shown_name(db)}")
    if by_status.get("duplicate"):
        print(f"{len(by_status['duplicate'])} skipped as duplicates (already saved; their corrections are kept)")
    if by_status.get("skipped"):
        print(f"{len(by_status['skipped'])} files in the folders skipped (not filings)")
    failed = by_status.get("failed", [])
    if failed:
        print(f"{len(failed)} failed:")
        for outcome in failed:
            print(f"  {outcome.message}")
    return 1 if failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import render, write_rendered
    from .store import Store

    db = _db_path(args)
    with Store.open(db, create=False) as store:
        ids = list(dict.fromkeys(args.filing)) if args.filing else store.ids()
        bar = _ProgressBar("exporting")

        def lines() -> Iterable[Any]:
            for n, (_, rendered) in enumerate(store.map_filings(render, ids), 1):
                bar(n, len(ids))
                yield rendered

        try:
            counts = write_rendered(args.out, lines())
        except OSError as exc:
            print(f"form4viewer: {args.out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return 1
        finally:
            bar.end()
    print(f"{len(ids)} filing{'s' if len(ids) != 1 else ''} from {db} written to {args.out}:")
    for name, count in counts.items():
        print(f"  {name:22} {count} row{'s' if count != 1 else ''}")
    return 0


def _cmd_install_desktop(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .resources import install_desktop_entry, launcher_command

    if sys.platform in ("win32", "darwin"):
        print("form4viewer: install-desktop is for Linux (freedesktop.org) desktops; on macOS and Windows the "
              "application bundle is what the system lists", file=sys.stderr)
        return 2
    command = launcher_command()
    if command is None:
        print("form4viewer: cannot tell where the form4viewer command is; run install-desktop through it "
              "(not python -m form4viewer)", file=sys.stderr)
        return 1
    try:
        written = install_desktop_entry(command, Path(args.data_home) if args.data_home else None)
    except OSError as exc:
        print(f"form4viewer: could not install the desktop files: {exc}", file=sys.stderr)
        return 1
    print(f"installed for {command}:")
    for path in written:
        print(f"  {path}")
    return 0
