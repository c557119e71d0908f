"""The command line: `form4viewer [FILE]` opens the window; subcommands work headless.

Every failure a person can cause (a bad file, an unusable database) is printed as one line naming the file and the
problem, and the exit status says whether anything failed; a traceback is only ever a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any, Callable, Iterable

from . import __version__
from .errors import Form4ViewerError

log = logging.getLogger(__name__)

SUBCOMMANDS = ("gui", "extract", "check", "import", "export", "info")


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
    extract.set_defaults(func=_cmd_extract)

    info = sub.add_parser("info", help="print the version and where files are kept",
                          description="Print the version, the SQLite file and data folder in use, and where the "
                          "application's icons and sample filings were found.")
    info.set_defaults(func=_cmd_info)
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

    return run(path=args.file, db_path=args.db, screenshot=args.screenshot)


def read_many(files: Iterable[str]) -> Iterable[tuple[str, Any, str | None]]:
    """(file, filing or None, error message or None) for each file, in order; one bad file stops nothing."""
    from .readers import read

    for file in files:
        try:
            yield file, read(file), None
        except Form4ViewerError as exc:
            yield file, None, str(exc)
        except Exception as exc:  # a reader bug must not stop a batch; it is still reported
            log.exception("unexpected error reading %s", file)
            yield file, None, f"{file}: could not be read ({type(exc).__name__}: {exc})"


def _cmd_extract(args: argparse.Namespace) -> int:
    from .contract import to_contract

    failed = 0
    out = sys.stdout
    if args.format == "csv":
        from .export import write_transactions_csv

        filings = []
        for file, filing, error in read_many(args.files):
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
    for file, filing, error in read_many(args.files):
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


def _cmd_info(args: argparse.Namespace) -> int:
    from .paths import data_dir, default_db_path
    from .resources import resource_root, samples

    print(f"form4viewer {__version__}")
    print(f"database:    {default_db_path()}")
    print(f"data folder: {data_dir()}")
    try:
        print(f"resources:   {resource_root()}")
        for n, sample in enumerate(samples()):
            print(f"{'samples:' if n == 0 else '':13}{sample}")
    except FileNotFoundError as exc:
        print(f"form4viewer: {exc}", file=sys.stderr)
        return 1
    return 0
