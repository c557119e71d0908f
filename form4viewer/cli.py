"""The command line: `form4viewer [FILE]` opens the window; subcommands work headless.

Every failure a person can cause (a bad file, an unusable database) is printed as one line naming the file and the
problem, and the exit status says whether anything failed; a traceback is only ever a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from . import __version__
from .errors import Form4ViewerError

log = logging.getLogger(__name__)

SUBCOMMANDS = (
    "gui", "extract", "check", "import", "export", "tables", "list", "search", "info", "install-desktop",
)  # fmt: skip
#: Where a FILE is taken, this name reads standard input instead.
STDIN = "-"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a count (0 or more): {text!r}")
    return value


def _add_time_limit(parser: argparse.ArgumentParser) -> None:
    from .limits import DEFAULT_SECONDS

    parser.add_argument("--time-limit", type=_seconds, default=DEFAULT_SECONDS, metavar="SECONDS",
                        help=f"give up on a file that takes longer than this to read (default {DEFAULT_SECONDS:g}; "
                        "0 for no limit); it is reported as too slow to read and the other files go on")


def _add_listing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="the SQLite file to read (default: in the user's data directory)")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON array, one object per filing (owners as a list, dates as ISO text)")
    parser.add_argument("--state", choices=("to-review", "reviewed"),
                        help="only the filings in this review state")


def _iso_date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="form4viewer",
        description="Read, check, correct and export SEC Form 3, 4 and 5 insider-ownership filings. "
        "With no subcommand, opens the window (on FILE, if given: a path that exists, or a name with a dot or a "
        "slash; `form4viewer gui FILE` opens any). A word that is neither a command nor a file is an error (exit "
        "status 2). Where a FILE is taken, - reads standard input. Results go to standard output, failures and "
        "the progress bar (on a terminal only) to standard error.",
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
    extract.add_argument("files", nargs="+", metavar="FILE", help="a filing; - reads one from standard input")
    extract.add_argument("--format", choices=("json", "jsonl", "csv"), default="json",
                         help="json: an array of objects; jsonl: one object per line; csv: one line per table row")
    extract.add_argument("--jobs", type=_jobs, metavar="N",
                         help="with json or jsonl, read many files in N processes (default: one per core; 1 reads "
                         "them all in this one); the output is the same, in the order given")
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
    check.add_argument("files", nargs="*", metavar="FILE", help="a filing; - reads one from standard input")
    check.add_argument("--format", choices=("text", "jsonl"), default="text",
                       help="text: a listing grouped by file (the default); jsonl: one object per file")
    check.add_argument("--rules", action="store_true", help="list the rules (id, severity, what each finds) and exit")
    _add_time_limit(check)
    check.set_defaults(func=_cmd_check)

    info = sub.add_parser("info", help="print the version and where files are kept",
                          description="Print the version, the SQLite file and data folder in use, and where the "
                          "application's icons and sample filings were found.")
    info.add_argument("--json", action="store_true", help="print the same facts as one JSON object")
    info.set_defaults(func=_cmd_info)

    listing = sub.add_parser(
        "list",
        help="list the saved filings",
        description="List the filings saved in the SQLite file, in the order they were saved: the key (the "
        "accession number where it is known, from the filing or its file's name, else F4V- and a hash of its "
        "content: the key export writes and `export --filing` takes, the same in every database), "
        "issuer, ticker, reporting owners, form, period of report, how many problems the checks found, what kind "
        "of file it was read from, when it was last saved (\"corrected\" when a person changed a value) and its "
        "review state (to-review until a person marks it reviewed; --json adds who and when).",
    )
    _add_listing_options(listing)
    listing.add_argument("--ticker", metavar="T", default="", help="only the filings of this ticker (any case)")
    listing.add_argument("--limit", type=_count, metavar="N", help="at most N filings")
    listing.set_defaults(func=_cmd_list)

    search = sub.add_parser(
        "search",
        help="find saved filings by a name or words in their footnotes or remarks",
        description="List the saved filings (as `list` does) whose issuer, a reporting owner's name, a footnote "
        "or the remarks contain TEXT, as each filing stands now (corrections included). Upper and lower case "
        "match for the letters A-Z (SQLite's LIKE), not for others.",
    )
    search.add_argument("text", metavar="TEXT")
    _add_listing_options(search)
    search.add_argument("--limit", type=_count, metavar="N", help="at most N filings")
    search.set_defaults(func=_cmd_search, ticker="")

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
        "kept; files in folders that are not filings are skipped. A file of a filing saved already from other "
        "bytes (the same accession number, else the same content: the PDF printout of a saved XML) is a second "
        "source of it, named with the filing's key. Prints a summary; exit status 1 if any file failed.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH",
                     help="a filing or a folder of them; - reads one filing from standard input")
    imp.add_argument("--db", help="the SQLite file to use (default: in the user's data directory)")
    imp.add_argument("--jobs", type=int, metavar="N", help="read with N processes (default: one per core)")
    imp.add_argument("--second-source", choices=("attach", "keep"), default="attach",
                     help="a second source of a saved filing: attach it to that filing, its values and corrections "
                     "unchanged (the default), or keep it as a filing of its own")
    _add_time_limit(imp)
    imp.set_defaults(func=_cmd_import)

    export = sub.add_parser(
        "export",
        help="write saved filings as the SEC's data-set tables (CSV or the SEC's own TSV files)",
        description="Write saved filings, with their corrections, into DIR as the eight tables of the SEC's "
        "Insider Transactions Data Sets. --format csv (the default), for spreadsheets: SUBMISSION.csv, "
        "REPORTINGOWNER.csv, NONDERIV_TRANS.csv, NONDERIV_HOLDING.csv, DERIV_TRANS.csv, DERIV_HOLDING.csv, "
        "FOOTNOTES.csv, OWNER_SIGNATURE.csv (the SEC's column names, ISO dates, amounts at full precision, a "
        "byte-order mark on every file), transactions.csv (one line per table row) and problems.csv. --format sec: "
        "SUBMISSION.tsv ... OWNER_SIGNATURE.tsv as the SEC writes them (tab-separated, LF, no byte-order mark, "
        "DD-MON-YYYY dates, numbers to two decimals), rows that can be appended to the SEC's quarterly files. A "
        "filing is keyed by its accession number, else by F4V- and a hash of its content; the filters combine.",
    )
    export.add_argument("--db", help="the SQLite file to read (default: in the user's data directory)")
    export.add_argument("-o", "--out", required=True, metavar="DIR", help="the folder to write into (made if missing)")
    export.add_argument("--format", choices=("csv", "sec", "xml", "xlsx"), default="csv", dest="export_format",
                        help="csv: spreadsheet CSV files (the default); sec: the SEC's own .tsv files; xlsx: one "
                        "Excel workbook, --out FILE.xlsx, a sheet per csv file with dates as dates and amounts as "
                        "numbers (needs openpyxl: pip install 'form4viewer[xlsx]'); xml: one "
                        "EDGAR ownership document per filing (KEY.xml), with its corrections, checked against the "
                        "SEC's schema (a document not valid yet is written and named with what it lacks)")
    export.add_argument("--layout", choices=("current", "2024q3"), default="current",
                        help="with --format sec: the SEC's columns of the current quarters (the default, with "
                        "AFF10B5ONE) or of 2024q3 (without it)")
    export.add_argument("--filing", nargs="+", action="extend", metavar="KEY",
                        help="export only these filings: accession numbers, F4V- keys or saved filing ids")
    export.add_argument("--ticker", nargs="+", action="extend", metavar="SYMBOL",
                        help="only filings of issuers with these trading symbols (any case)")
    export.add_argument("--cik", nargs="+", action="extend", metavar="CIK",
                        help="only filings whose issuer or a reporting owner has one of these CIKs")
    export.add_argument("--owner", nargs="+", action="extend", metavar="NAME",
                        help="only filings with a reporting owner whose name contains NAME (any case)")
    export.add_argument("--from", dest="period_from", type=_iso_date, metavar="YYYY-MM-DD",
                        help="only filings whose period of report is on or after this date")
    export.add_argument("--to", dest="period_to", type=_iso_date, metavar="YYYY-MM-DD",
                        help="only filings whose period of report is on or before this date")
    export.add_argument("--code", nargs="+", action="extend", metavar="CODE",
                        help="only filings with a transaction of one of these codes (S, P, A, M, ...); each "
                        "filing is written whole")
    export.set_defaults(func=_cmd_export)

    tables = sub.add_parser(
        "tables",
        help="read many files on a Dask cluster into the SEC's tables as Parquet",
        description="Read each PATH (a filing, or a folder searched recursively) on a Dask cluster and write the "
        "SEC's eight tables into DIR as Parquet partitions: DIR/SUBMISSION/part-00000.parquet ... "
        "DIR/OWNER_SIGNATURE/..., the rows export --format sec writes for the same files (every column text, as "
        "in the SEC's files), and DIR/FAILURES/ naming the files that could not be read. Without --scheduler, a "
        "local cluster of --workers processes runs for the command. Needs the dask extra: pip install "
        "'form4viewer[dask]'. Exit status 1 if any file failed.",
    )
    tables.add_argument("paths", nargs="+", metavar="PATH", help="a filing or a folder of them")
    tables.add_argument("-o", "--out", required=True, metavar="DIR", help="the folder to write into (a new one)")
    where = tables.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler (tcp://host:port); its workers must see the same paths")
    where.add_argument("--workers", type=int, metavar="N",
                       help="processes of the local cluster (default: one per core)")
    tables.add_argument("--partition-size", type=int, default=200, metavar="FILES",
                        help="files per task and per Parquet file (default 200)")
    tables.add_argument("--layout", choices=("current", "2024q3"), default="current",
                        help="the SEC's columns of the current quarters (the default) or of 2024q3")
    _add_time_limit(tables)
    tables.set_defaults(func=_cmd_tables)
    return parser


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    """The subcommands the parser knows, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return list(SUBCOMMANDS)


def _names_a_file(word: str) -> bool:
    """Whether a first word that is no subcommand is meant as a file to open in the window: a path that exists, or
    one that looks like a file name (it has a dot or a slash); a bare word such as `frobnicate` is a mistyped
    command."""
    import os

    return os.path.lexists(word) or "." in word or "/" in word or os.sep in word


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = _commands(parser)
    first = next((a for a in argv if a not in ("-v", "--verbose")), None)
    if first is not None and first not in commands and not first.startswith("-") and not _names_a_file(first):
        # As git and sqlite-utils do: a word that is no command is an error, not a window opened on a file
        # of that name (which, without a display, aborted the process).
        print(f"form4viewer: unknown command {first!r}; the commands are: {', '.join(commands)} "
              "(or give a FILE to open it in the window; form4viewer --help says more)", file=sys.stderr)
        return 2
    if first is None or (first not in commands and first not in ("-h", "--help", "--version")):
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
    if args.file == STDIN:
        print("form4viewer: the window opens files, not standard input; save it to a file, or use extract, check "
              "or import with -", file=sys.stderr)
        return 2
    from .gui.app import run

    return run(path=args.file, db_path=args.db, screenshot=args.screenshot, screenshot_when=args.screenshot_when)


#: The name standard input goes by in messages and in what is printed.
STDIN_NAME = "<stdin>"


def read_stdin() -> bytes:
    """The bytes on standard input, at most as many as the largest filing may have (readers.MAX_FILE_BYTES; then
    `read_bytes` holds them to their kind's limit, as `load_file` does a file's)."""
    from .errors import FileTooLargeError, ReadError
    from .readers import MAX_FILE_BYTES

    if sys.stdin is None:  # started without one (a windowed launcher)
        raise ReadError(STDIN_NAME, "there is no standard input to read")
    stream = sys.stdin.buffer
    chunks: list[bytes] = []
    got = 0
    try:
        while got <= MAX_FILE_BYTES:
            chunk = stream.read(min(MAX_FILE_BYTES + 1 - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise ReadError(STDIN_NAME, f"standard input could not be read ({exc.strerror or exc})") from None
    if got > MAX_FILE_BYTES:
        raise FileTooLargeError(STDIN_NAME, f"more than {MAX_FILE_BYTES // (1024 * 1024)} MB came on standard "
                                "input, more than any filing can be")
    return b"".join(chunks)


def read_many(
    files: Iterable[str], seconds: float | None = None, then: Callable[[Any], Any] | None = None,
    stdin: bytes | None = None,
) -> Iterable[tuple[str, Any, str | None]]:
    """(file, filing or None, error message or None) for each file, in order; one bad file stops nothing. The file
    name given back is readers.shown_name's (bytes that are not UTF-8 written as `\\xff`), fit to print. Reading
    a file (and `then(filing)`, whose result replaces the filing) may take `seconds` (None or 0: no limit); a
    file that takes longer is reported as too slow to read. This runs on the command line's main thread, where
    the budget's timer stops a reading wherever it is. A file named `-` is standard input (`stdin`, when given,
    is what was read from it already), named `<stdin>`."""
    from .errors import NotAFilingError
    from .limits import time_budget
    from .readers import read, read_bytes, shown_name

    for file in files:
        shown = STDIN_NAME if file == STDIN else shown_name(file)
        try:
            # Standard input is read before the budget starts: a slow writer on the other side of a pipe is not
            # a file built to waste time.
            data = (read_stdin() if stdin is None else stdin) if file == STDIN else None
            if data is not None and not data.strip():
                raise NotAFilingError(STDIN_NAME, "nothing came on standard input")
            with time_budget(seconds, shown):
                filing = read(file) if data is None else read_bytes(data, STDIN_NAME)
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

    jsonl = args.format == "jsonl"
    items: list[dict[str, Any]] = []
    for file, item, error in _extracted(args.files, args.time_limit, args.jobs, jsonl):
        if error:
            failed += 1
            if not jsonl:
                print(f"form4viewer: {error}", file=sys.stderr)
            item = {"file": file, "error": error}
            if jsonl:
                item = json.dumps(item, ensure_ascii=False)
        if jsonl:
            out.write(item + "\n")
            out.flush()
        else:
            items.append(item)
    if not jsonl:
        json.dump(items, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return 1 if failed else 0


#: From how many files on `extract` reads in several processes: where they are forked (Linux), and where each
#: starts a fresh interpreter (macOS, Windows), which costs a few tenths of a second before it reads a file.
_PARALLEL_FROM = (64, 1000)


def _extracted(files: list[str], seconds: float | None, jobs: int | None,
               lines: bool) -> Iterator[tuple[str, Any, str | None]]:
    """(file, its contract or None, error or None) for each file of `extract`, in the order given; with `lines`,
    the contract as one line of JSON text. Many files are read in worker processes (`jobs`, default one per core),
    each file's reading and time budget as in this one, in shares of up to 32 files; a worker that dies takes with
    it only the share it held."""
    from .readers import fork_is_safe

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    fork = fork_is_safe()
    if workers <= 1 or STDIN in files or len(files) < _PARALLEL_FROM[0 if fork else 1]:
        yield from _extract_files(files, seconds, lines)
        return
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    from . import contract  # noqa: F401  # forked workers start with it loaded
    from .readers import ownership, shown_name, submission  # noqa: F401

    chunk = max(1, min(32, len(files) // (workers * 8)))
    chunks = [files[at : at + chunk] for at in range(0, len(files), chunk)]
    start = 0  # the first share not given yet
    suspect = -1  # the share that was awaited when a worker died
    while start < len(chunks):
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork" if fork else "spawn"),
            initializer=_init_extract_worker,
            initargs=(os.getpid(), threading.current_thread() is threading.main_thread()),
        )
        left = chunks[start:]
        try:
            for results in executor.map(_extract_files_list, left, [seconds] * len(left), [lines] * len(left)):
                yield from results
                start += 1
        except BrokenProcessPool:
            # A worker died (a file that crashed the XML or PDF library, or the system ran out of memory). The
            # share awaited may have been lost with another's worker: it is read again by new workers, and only
            # when it is awaited as a worker dies a second time are its files reported as not read. The files
            # after it are read as before.
            if suspect != start:
                suspect = start
                continue
            for file in chunks[start]:
                shown = shown_name(file)
                yield shown, None, (f"{shown}: not read: a reading process stopped unexpectedly (this file or one "
                                    "read at the same time may have crashed it)")
            start += 1
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def _extract_files(files: Iterable[str], seconds: float | None,
                   lines: bool) -> Iterator[tuple[str, Any, str | None]]:
    from .contract import to_contract

    # What json.dumps(item, ensure_ascii=False) gives, by one encoder made once rather than one a line.
    encode = json.JSONEncoder(ensure_ascii=False).encode if lines else None
    for file, filing, error in read_many(files, seconds):
        if error:
            yield file, None, error
        else:
            item = to_contract(filing, file)
            yield file, item if encode is None else encode(item), None


def _extract_files_list(files: list[str], seconds: float | None, lines: bool) -> list[tuple[str, Any, str | None]]:
    """`_extract_files` in a worker process of `extract`."""
    return list(_extract_files(files, seconds, lines))


def _init_extract_worker(parent: int, started_on_main_thread: bool) -> None:
    """A worker of `extract` ends with this process, however it ends (readers.end_with_parent), and runs the
    garbage collector as the import's reading processes do (readers.collect_less)."""
    from .readers import collect_less, end_with_parent

    end_with_parent(parent, creator_is_main_thread=started_on_main_thread)
    collect_less()


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

    n = 0  # files listed on stdout so far; a blank line parts one from the next
    for file, problems, error in read_many(args.files, args.time_limit, checked):
        if error:
            failed = True
            if args.format == "jsonl":
                out.write(json.dumps({"file": file, "error": error}, ensure_ascii=False) + "\n")
                out.flush()
            else:  # a failure, not a finding: on stderr, as every other failure is
                out.flush()
                print(f"form4viewer: {error}", file=sys.stderr)
            continue
        found_error = found_error or any(p.severity == "error" for p in problems)
        if args.format == "jsonl":
            item = {"file": file, "problems": [p.to_dict() for p in problems]}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if n else "") + _problems_text(file, problems))
            n += 1
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
    from .readers import ownership
    from .resources import resource_root, samples

    # Which path reads XML: the optional compiled accelerator (its own platform wheel) or pure Python.
    reading = "accelerated (form4viewer_accel)" if ownership.ACCELERATED else "pure Python"
    from .readers.ocr import scan_support

    facts: dict[str, Any] = {"version": __version__, "database": str(default_db_path()),
                             "data_folder": str(data_dir()), "reading": reading, "scans": scan_support()}
    problem = None
    try:
        facts["resources"] = str(resource_root())
        facts["samples"] = [str(sample) for sample in samples()]
    except FileNotFoundError as exc:
        problem = str(exc)
    if args.json:
        json.dump(facts, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"form4viewer {__version__}")
        print(f"database:    {facts['database']}")
        print(f"data folder: {facts['data_folder']}")
        print(f"reading:     {reading}")
        print(f"scans:       {'read by OCR with ' + facts['scans'] if facts['scans'] else 'shown only (no OCR engine: install the ocr-onnx extra, or Tesseract and the ocr extra, to read them)'}")
        if "resources" in facts:
            print(f"resources:   {facts['resources']}")
        for n, sample in enumerate(facts.get("samples", [])):
            print(f"{'samples:' if n == 0 else '':13}{sample}")
    if problem is not None:
        print(f"form4viewer: {problem}", file=sys.stderr)
        return 1
    return 0


#: The columns of `list` and `search` on a terminal: heading, and the catalog's field shown under it.
_LIST_COLUMNS = (("KEY", "key"), ("ISSUER", "issuer"), ("TICKER", "ticker"), ("OWNERS", "owners"),
                 ("FORM", "form"), ("PERIOD", "period"), ("PROBLEMS", "problems"), ("SOURCE", "source_kind"),
                 ("SAVED", "saved"), ("REVIEW", "review_state"))
#: The widest a cell of that table is drawn.
_CELL_WIDTH = 60


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    """A catalog row as `list` prints it: its key first."""
    return {"key": row["key"], **row}


def _cell(field: str, row: dict[str, Any]) -> str:
    from .display import visible

    if field == "owners":
        text = "; ".join(row["owners"])
    elif field == "saved":
        text = row["updated"][:16].replace("T", " ") + (" corrected" if row["corrected"] else "")
    else:
        text = "" if row[field] is None else str(row[field])
    # A name holding a control or bidirectional character must not rearrange the terminal's line; a filing with
    # ten owners must not push the other columns off the screen (--json gives every name in full).
    text = visible(text)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def _print_filings(rows: list[dict[str, Any]], as_json: bool) -> None:
    """Filings as a JSON array, or as aligned columns (as sqlite-utils' and csvkit's tables are)."""
    out = sys.stdout
    listed = [_listed(row) for row in rows]
    if as_json:
        json.dump(listed, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not listed:
        return
    table = [[heading for heading, _ in _LIST_COLUMNS]]
    table += [[_cell(field, row) for _, field in _LIST_COLUMNS] for row in listed]
    widths = [max(len(line[n]) for line in table) for n in range(len(_LIST_COLUMNS))]
    for line in table:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n")


def _catalog(args: argparse.Namespace, text: str = "") -> list[dict[str, Any]]:
    from .export import accession_in, content_key
    from .store import Store

    with Store.open(_db_path(args), create=False) as store:
        rows = store.catalog(text, ticker=args.ticker, limit=args.limit, state=args.state)
        # Each filing's key is the one `export` writes and `export --filing` takes (export.filing_key): its
        # accession number, or one in its file's name, else one derived from its content, the same in every
        # database. Only the last needs the filing loaded.
        unknown = [row["id"] for row in rows if not (row["accession"] or accession_in(row["source_name"]))]
        derived = {filing_id: content_key(filing) for filing_id, filing in store.iter_filings(unknown)}
    for row in rows:
        row["key"] = row["accession"] or accession_in(row["source_name"]) or derived[row["id"]]
    return rows


def _cmd_list(args: argparse.Namespace) -> int:
    _print_filings(_catalog(args), args.json)
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    if not args.text.strip():
        print("form4viewer search: give some TEXT to look for", file=sys.stderr)
        return 2
    rows = _catalog(args, args.text)
    _print_filings(rows, args.json)
    # As grep does: exit status 1 when nothing was found, so a script can tell.
    return 0 if rows else 1


def _db_path(args: argparse.Namespace) -> str:
    from .paths import default_db_path

    return args.db or str(default_db_path())


class _ProgressBar:
    """A one-line progress bar on stderr with the rate and the time left, as pip's and tqdm's are:
    `importing [#####.....]  420/935  45%  118 files/s  4 s left`. Drawn only when stderr is a terminal; piped or
    redirected, stderr gets nothing from it (a log or a script sees only the results and the failures)."""

    def __init__(self, label: str, unit: str = ""):
        import time

        self.label = label
        self.unit = f" {unit}" if unit else ""
        self.shown = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = 0  # the length of the line last drawn, to blank what a shorter one leaves

    def __call__(self, done: int, total: int, _outcome: object = None) -> None:
        import time

        now = time.monotonic()
        if not self.shown or (done < total and now - self.last < 0.1):
            return
        self.last = now
        elapsed = now - self.started
        facts = f"{done:>{len(str(total))}}/{total}  {100 * done // max(total, 1):3d}%"
        if done >= total:
            facts += f"  in {_duration(elapsed)}"
        elif done >= min(10, total) and elapsed >= 0.5:  # a rate from the first moments says little
            rate = done / elapsed
            facts += f"  {rate:.0f}{self.unit}/s" if rate >= 10 else f"  {rate:.1f}{self.unit}/s"
            facts += f"  {_duration((total - done) / rate)} left"
        columns = _terminal_columns()
        # The bar keeps one width while the figures after it change: room is left for the longest they get.
        widest = 2 * len(str(total)) + len(self.unit) + len("  100%  999/s  59 min 59 s left") + 1
        bar_width = min(30, columns - len(self.label) - widest - 4)
        if bar_width >= 10:
            filled = bar_width * done // max(total, 1)
            line = f"{self.label} [{'#' * filled}{'.' * (bar_width - filled)}]  {facts}"
        else:
            line = f"{self.label}  {facts}"[: columns - 1]
        sys.stderr.write("\r" + line.ljust(self.drawn))
        sys.stderr.flush()
        self.drawn = len(line)

    def end(self) -> None:
        if self.shown and self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.drawn = 0


def _terminal_columns() -> int:
    import os

    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):  # not a real terminal (a test's captured stream)
        return 80


def _duration(seconds: float) -> str:
    """A time for a person: `4 s`, `2 min 05 s`, `1 h 03 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def _import_stdin(store: Any, seconds: float | None, second_source: str = "attach") -> Any:
    """Import the filing on standard input as `importer.import_paths` imports a file: read and checked within the time
    budget, saved with its bytes, a duplicate when those bytes are saved already, a second source of a saved
    filing attached to it or kept (`second_source`)."""
    import hashlib

    from .importer import ImportOutcome
    from .store import DuplicateSourceError

    def read_and_check(filing: Any) -> Any:
        from .checks import check

        return filing, check(filing)

    try:
        data = read_stdin()
    except Form4ViewerError as exc:
        return ImportOutcome("failed", None, str(exc), STDIN_NAME)
    ((_, result, error),) = read_many([STDIN], seconds, read_and_check, stdin=data)
    if error is not None:
        return ImportOutcome("failed", None, error, STDIN_NAME)
    filing, problems = result
    first = store.same_filing(filing, hashlib.sha256(data).hexdigest())
    said = "" if first is None else (
        f"{STDIN_NAME}: second source of {store.key_of(first)} (saved from {store.source_name(first)})")
    try:
        if first is not None and second_source == "attach":
            store.attach_source(first, STDIN_NAME, data, filing.document.kind)
            return ImportOutcome("attached", first, f"{said}: attached", STDIN_NAME, first)
        saved = store.save(filing, data, problems=problems)
    except DuplicateSourceError as exc:
        return ImportOutcome("duplicate", exc.filing_id, f"{STDIN_NAME}: already saved", STDIN_NAME)
    if first is not None:
        return ImportOutcome("read", saved.filing_id, f"{said}: kept", STDIN_NAME, first)
    return ImportOutcome("read", saved.filing_id, "", STDIN_NAME)


def _cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_paths
    from .store import Store

    db = _db_path(args)
    bar = _ProgressBar("importing", "files")
    paths = [path for path in args.paths if path != STDIN]
    with Store.open(db) as store:
        outcomes = ([_import_stdin(store, args.time_limit, args.second_source)] if len(paths) < len(args.paths)
                    else [])
        try:
            if paths:
                outcomes += import_paths(store, paths, jobs=args.jobs, progress=bar, time_limit=args.time_limit,
                                         second_source=args.second_source)
        finally:
            bar.end()
    by_status: dict[str, list[Any]] = {}
    for outcome in outcomes:
        by_status.setdefault(outcome.status, []).append(outcome)
    read = len(by_status.get("read", []))
    from .readers import shown_name

    failed = by_status.get("failed", [])
    for outcome in failed:  # failures on stderr, each naming its file; the summary (the result) on stdout
        print(f"form4viewer: {outcome.message}", file=sys.stderr)
    sys.stderr.flush()
    seconds = [outcome for outcome in outcomes if outcome.second_source is not None]
    for outcome in seconds:  # "<name>: second source of <KEY> (saved from <first name>): attached|kept"
        print(outcome.message)
    print(f"{read} filing{'s' if read != 1 else ''} read and saved in {shown_name(db)}")
    attached = len(by_status.get("attached", []))
    if attached:
        print(f"{attached} second source{'s' if attached != 1 else ''} attached to filings saved already")
    if len(seconds) > attached:
        print(f"{len(seconds) - attached} second source{'s' if len(seconds) - attached != 1 else ''} kept as "
              "filings of their own (counted above)")
    if by_status.get("duplicate"):
        print(f"{len(by_status['duplicate'])} skipped as duplicates (already saved; their corrections are kept)")
    if by_status.get("skipped"):
        print(f"{len(by_status['skipped'])} files in the folders skipped (not filings)")
    if failed:
        print(f"{len(failed)} failed (each named on standard error)")
    return 1 if failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    import functools

    from .export import Selection, accession_in, render_selected, write_rendered
    from .importer import map_filings
    from .sec_format import write_sec_files
    from .store import Store

    db = _db_path(args)
    # A bare number is a saved filing's id (the option's older meaning); anything else is an export key.
    wanted = args.filing or []
    row_ids = [int(item) for item in wanted if item.isdigit()]
    keys = tuple(item.strip() for item in wanted if not item.isdigit())
    if row_ids and keys:
        print("form4viewer: --filing takes either saved filing ids or keys, not both", file=sys.stderr)
        return 2
    for key in keys:
        if not (accession_in(key) == key or key.startswith("F4V-")):
            print(f"form4viewer: --filing {key}: not an accession number, F4V- key or filing id", file=sys.stderr)
            return 2
    selection = Selection(
        tickers=tuple(args.ticker or ()), ciks=tuple(args.cik or ()), owners=tuple(args.owner or ()),
        period_from=args.period_from, period_to=args.period_to, codes=tuple(args.code or ()), keys=keys,
    )  # fmt: skip
    if args.export_format == "xml":
        return _export_xml(args, db, row_ids, selection)
    if args.export_format == "xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            from .xlsx_export import INSTALL_HINT

            print(INSTALL_HINT, file=sys.stderr)
            return 1
    render = functools.partial(
        render_selected, "csv" if args.export_format == "xlsx" else args.export_format, args.layout, selection
    )
    written = 0
    with Store.open(db, create=False) as store:
        ids = list(dict.fromkeys(row_ids)) if row_ids else store.ids()
        bar = _ProgressBar("exporting")

        def lines() -> Iterable[Any]:
            nonlocal written
            for n, (_, rendered) in enumerate(map_filings(store, render, ids), 1):
                bar(n, len(ids))
                if rendered is not None:
                    written += 1
                    yield rendered

        try:
            if args.export_format == "sec":
                counts = write_sec_files(args.out, lines(), args.layout)
            elif args.export_format == "xlsx":
                from .xlsx_export import write_xlsx

                counts = write_xlsx(args.out, lines())
            else:
                counts = write_rendered(args.out, lines())
        except OSError as exc:
            print(f"form4viewer: {args.out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return 1
        finally:
            bar.end()
    print(f"{written} filing{'s' if written != 1 else ''} from {db} written to {args.out}:")
    for name, count in counts.items():
        print(f"  {name:22} {count} row{'s' if count != 1 else ''}")
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    import os

    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        from .cluster import INSTALL_HINT

        print(INSTALL_HINT, file=sys.stderr)
        return 1
    from .cluster import FAILURES, read_to_parquet

    if args.partition_size < 1 or (args.workers is not None and args.workers < 1):
        print("form4viewer: --partition-size and --workers take a number of at least 1", file=sys.stderr)
        return 2
    files: list[str] = []
    in_folders: list[str] = []  # a file found in a folder that is no filing is skipped, as import skips it
    for path in args.paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found = [os.path.join(folder, n) for n in sorted(names) if not n.startswith(".")]
                files.extend(found)
                in_folders.extend(found)
        else:
            files.append(path)
    client = None
    if args.scheduler:
        from distributed import Client

        client = Client(args.scheduler)
    bar = _ProgressBar("reading", "partitions")
    try:
        result = read_to_parquet(files, args.out, client, args.partition_size, workers=args.workers,
                                 layout_name=args.layout, seconds=args.time_limit, progress=bar,
                                 in_folders=in_folders)
    except (FileExistsError, OSError) as exc:
        print(f"form4viewer: {args.out}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}",
              file=sys.stderr)
        return 1
    finally:
        bar.end()
        if client is not None:
            client.close()
    for _, error in result.failures:
        print(f"form4viewer: {error}", file=sys.stderr)
    sys.stderr.flush()
    print(f"{result.read} of {len(files)} files read into {args.out} in {result.partitions} partitions:")
    for name, count in result.rows.items():
        print(f"  {name:18} {count} row{'s' if count != 1 else ''}")
    if result.skipped:
        print(f"{result.skipped} files in the folders skipped (not filings)")
    if result.failures:
        print(f"{len(result.failures)} failed (each named on standard error and in {FAILURES}/)")
    return 1 if result.failures else 0


def _export_xml(args: argparse.Namespace, db: str, row_ids: list[int], selection: Any) -> int:
    """One EDGAR ownership document per filing, `KEY.xml` in the folder; a document that is not valid EDGAR XML
    yet (values missing, or the schema says no) is written all the same and named on standard error."""
    import functools
    from pathlib import Path

    from .edgar_xml import export_item
    from .importer import map_filings
    from .store import Store

    out = Path(args.out)
    written = invalid = 0
    try:
        out.mkdir(parents=True, exist_ok=True)
        with Store.open(db, create=False) as store:
            ids = list(dict.fromkeys(row_ids)) if row_ids else store.ids()
            bar = _ProgressBar("exporting")
            try:
                for n, (_, item) in enumerate(map_filings(store, functools.partial(export_item, selection), ids), 1):
                    bar(n, len(ids))
                    if item is None:
                        continue
                    key, xml, problems = item
                    (out / f"{key}.xml").write_bytes(xml)
                    written += 1
                    if problems:
                        invalid += 1
                        said = [p if len(p) <= 200 else p[:199] + "…" for p in problems[:6]]
                        print(f"form4viewer: {key}.xml is not valid EDGAR XML yet: {'; '.join(said)}"
                              + (f"; and {len(problems) - 6} more" if len(problems) > 6 else ""), file=sys.stderr)
            finally:
                bar.end()
    except OSError as exc:
        print(f"form4viewer: {args.out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"{written} filing{'s' if written != 1 else ''} from {db} written to {args.out} as EDGAR XML"
          + (f"; {invalid} not valid yet (each named on standard error)" if invalid else ", each valid against "
             "the SEC's schema"))
    return 1 if invalid else 0


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
