"""A database is checked before it is trusted. A file with form4viewer's tables and schema version but something
more (a trigger that renames an issuer, copies source bytes away, deletes corrections, loops forever or allocates
gigabytes; a view in place of `filings`; an extra table, column or a missing index) is refused with one message
naming the file, by every path that opens a database (Store.open, the quick look by hash, the export workers, the
command line, the window), quickly, and is left as it was: the same bytes, the same journal mode (header bytes 18
and 19) and no -wal or -shm file beside it that was not there.

Each hostile file is made from a genuine one (made by Store.open with a real filing saved) with plain sqlite3. The
opening runs in a program of its own with a time limit and a memory limit, so that a check that let the file's
code run fails the test instead of hanging it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from form4viewer import read
from form4viewer.errors import StoreError
from form4viewer.store import MIGRATIONS, SCHEMA_VERSION, Store, saved_id_by_hash

DATA = Path(__file__).parents[1] / "data"
LNKD = DATA / "store" / "lnkd-form4-2012-two-owners.xml"
SHA = hashlib.sha256(LNKD.read_bytes()).hexdigest()
#: Generous: the check reads the schema only (milliseconds); a file whose code ran would loop for ever.
SECONDS = 60
SPIN = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"

#: name -> (SQL that makes the genuine file hostile, what the refusal says after "<file>: ")
HOSTILE = {
    "trigger renaming the issuer": (
        "CREATE TRIGGER rename_issuer AFTER INSERT ON filings "
        "BEGIN UPDATE filings SET issuer = 'EVIL CORP' WHERE id = NEW.id; END",
        "not a form4viewer database: it has a trigger 'rename_issuer' (on 'filings') that form4viewer did not create",
    ),
    "trigger copying the source bytes": (
        "CREATE TRIGGER copy_source AFTER INSERT ON sources BEGIN INSERT INTO problems "
        "(filing_id, rule, severity, path, message) VALUES (NEW.filing_id, 'x', 'info', '', hex(NEW.data)); END",
        "not a form4viewer database: it has a trigger 'copy_source' (on 'sources') that form4viewer did not create",
    ),
    "trigger deleting corrections": (
        "CREATE TRIGGER forget AFTER INSERT ON corrections BEGIN DELETE FROM corrections WHERE id = NEW.id; END",
        "not a form4viewer database: it has a trigger 'forget' (on 'corrections') that form4viewer did not create",
    ),
    "trigger looping for ever": (
        f"CREATE TRIGGER spin BEFORE UPDATE ON filings BEGIN {SPIN}; END;"
        f"CREATE TRIGGER spin_insert BEFORE INSERT ON filings BEGIN {SPIN}; END",
        "not a form4viewer database: it has a trigger 'spin' (on 'filings') that form4viewer did not create",
    ),
    "trigger allocating gigabytes": (
        "CREATE TRIGGER hog BEFORE INSERT ON filings BEGIN SELECT length(hex(randomblob(450000000))); END",
        "not a form4viewer database: it has a trigger 'hog' (on 'filings') that form4viewer did not create",
    ),
    "view looping for ever in place of filings": (
        f"DROP TABLE filings; CREATE VIEW filings AS {SPIN.replace('max(x)', 'x AS id')}",
        "not a form4viewer database: it has a view 'filings' that form4viewer did not create",
    ),
    "virtual table": (
        "CREATE VIRTUAL TABLE search USING fts5(issuer)",
        "not a form4viewer database: it has a virtual table 'search' that form4viewer did not create",
    ),
    "extra table": (
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "not a form4viewer database: it has a table 'notes' that form4viewer did not create",
    ),
    "extra column": (
        "ALTER TABLE filings ADD COLUMN secret TEXT DEFAULT 'x'",
        "not a form4viewer database: table 'filings' has a column 'secret' that form4viewer did not create",
    ),
    "missing index": (
        "DROP INDEX filings_issuer",
        "not a form4viewer database: its index 'filings_issuer' is missing",
    ),
    "extra index": (
        "CREATE INDEX filings_form ON filings (form)",
        "not a form4viewer database: it has an index 'filings_form' that form4viewer did not create",
    ),
    "CHECK constraint that allocates": (
        "DROP TABLE problems; " + MIGRATIONS[0][MIGRATIONS[0].index("CREATE TABLE problems"):].replace(
            "message TEXT NOT NULL", "message TEXT NOT NULL CHECK (length(hex(randomblob(450000000))) > 0)"
        ),
        "not a form4viewer database: table 'problems' is not defined as form4viewer defines it",
    ),
}


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by form4viewer with a real filing saved (as read, then with one correction)."""
    path = tmp_path_factory.mktemp("genuine") / "filings.sqlite"
    with Store.open(path) as store:
        filing = read(LNKD)
        filing_id = store.save(filing, LNKD.read_bytes()).filing_id
        remarks = store.load(filing_id).get("remarks")
        store.save(store.load(filing_id).replace_at("remarks", remarks.corrected_to("checked")), filing_id=filing_id)
    return path


def hostile_copy(genuine: Path, folder: Path, sql: str) -> Path:
    path = folder / "filings.sqlite"
    shutil.copyfile(genuine, path)
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    return path


def state(path: Path) -> tuple[str, bytes, list[str]]:
    """What must not change: the file's SHA-256, its header bytes 18-19 (1 1: rollback journal, 2 2: WAL) and
    the files in its folder."""
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), data[18:20], sorted(os.listdir(path.parent))


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    return env


# Every way the library opens a database, in a program with a memory limit: what each says.
EVERY_OPENING = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from form4viewer import store
from form4viewer.errors import StoreError

path, sha = sys.argv[1], sys.argv[2]

def map_worker():
    from form4viewer import importer

    importer._init_reader(path)
    return importer._map_chunk(lambda i, filing: filing.issuer.name.value, [1])

said = {}
for what, call in [
    ("quick look", lambda: store.saved_id_by_hash(path, sha)),
    ("open", lambda: store.Store.open(path, create=False).close()),
    ("export worker", map_worker),
]:
    try:
        said[what] = ["ok", repr(call())]
    except StoreError as exc:
        said[what] = ["refused", str(exc)]
print(json.dumps(said))
"""


def every_opening(path: Path, home: Path) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", EVERY_OPENING, str(path), SHA], capture_output=True, text=True,
                          timeout=SECONDS, env=child_env(home))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_database_is_refused_by_every_opening_naming_it_and_left_unchanged(
    case: str, genuine: Path, tmp_path: Path
) -> None:
    sql, problem = HOSTILE[case]
    folder = tmp_path / "db"
    folder.mkdir()
    path = hostile_copy(genuine, folder, sql)
    before = state(path)
    assert before[1] == b"\x02\x02" and before[2] == ["filings.sqlite"]  # WAL, closed cleanly
    said = every_opening(path, tmp_path)
    assert said == {what: ["refused", f"{path}: {problem}"] for what in ("quick look", "open", "export worker")}
    assert state(path) == before


def test_the_genuine_database_passes_every_opening_and_the_quick_look_leaves_no_files(
    genuine: Path, tmp_path: Path
) -> None:
    path = tmp_path / "filings.sqlite"
    shutil.copyfile(genuine, path)
    before = state(path)
    assert saved_id_by_hash(path, SHA) == 1
    assert state(path) == before  # read without making -wal and -shm files beside it
    said = every_opening(path, tmp_path)
    assert said == {"quick look": ["ok", "1"], "open": ["ok", "None"], "export worker": ["ok", "[(1, 'LINKEDIN CORP')]"]}


def test_a_database_open_in_another_program_passes_the_check_with_what_that_program_wrote(
    genuine: Path, tmp_path: Path
) -> None:
    """With a -wal file beside it (another program has it open), the check reads through that log: a trigger
    added there is refused, and the genuine saves there are found."""
    path = tmp_path / "filings.sqlite"
    shutil.copyfile(genuine, path)
    other = Store.open(path)
    try:
        second = other.save(read(DATA / "store" / "unity-form3-2020-holdings.xml"), b"unity").filing_id
        assert (tmp_path / "filings.sqlite-wal").exists()
        assert saved_id_by_hash(path, hashlib.sha256(b"unity").hexdigest()) == second
        with Store.open(path) as again:
            assert again.count() == 2
        other.db.execute("CREATE TRIGGER late AFTER INSERT ON filings BEGIN SELECT 1; END")
        with pytest.raises(StoreError) as caught:
            saved_id_by_hash(path, SHA)
        assert str(caught.value) == (f"{path}: not a form4viewer database: it has a trigger 'late' (on 'filings') "
                                     "that form4viewer did not create")
        with pytest.raises(StoreError, match="it has a trigger 'late'"):
            Store.open(path)
    finally:
        other.close()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_database_is_refused_and_keeps_its_journal_mode(journal: str, tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = state(path)
    assert before[1] == (b"\x02\x02" if journal == "wal" else b"\x01\x01")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == f"{path}: this SQLite file belongs to another program (it has tables invoices); " \
                                "choose another file"
    assert state(path) == before


def test_a_database_from_a_newer_release_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = state(path)
    with pytest.raises(StoreError, match=f"{path}: this database was made by a newer form4viewer"):
        Store.open(path)
    assert state(path) == before


@pytest.mark.parametrize("version", range(SCHEMA_VERSION + 1))
def test_a_genuine_database_of_every_schema_version_passes_the_check_and_migrates(version: int, tmp_path: Path) -> None:
    path = tmp_path / f"schema{version}.sqlite"
    conn = sqlite3.connect(path)
    for number in range(version):
        conn.executescript(MIGRATIONS[number])
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.load(store.save(read(LNKD), LNKD.read_bytes()).filing_id) == read(LNKD)
        assert store.db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert store.db.execute("PRAGMA cell_size_check").fetchone()[0] == 1


# --------------------------------------------------------------------------------------------------------------
# The command line and the window

CLI_CASES = ["trigger renaming the issuer", "trigger looping for ever", "view looping for ever in place of filings",
             "trigger allocating gigabytes"]


def run_cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    limited = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000)); "
               "from form4viewer.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", limited, *args], capture_output=True, text=True, timeout=SECONDS,
                          env=child_env(home))


@pytest.mark.parametrize("case", CLI_CASES)
def test_import_and_export_on_the_command_line_refuse_a_hostile_database_in_one_line(
    case: str, genuine: Path, tmp_path: Path
) -> None:
    sql, problem = HOSTILE[case]
    folder = tmp_path / "db"
    folder.mkdir()
    path = hostile_copy(genuine, folder, sql)
    before = state(path)
    imported = run_cli(["import", "--db", str(path), "--jobs", "1", str(DATA / "store" / "unity-form3-2020-holdings.xml")],
                       tmp_path)
    assert (imported.returncode, imported.stdout, imported.stderr) == (1, "", f"form4viewer: {path}: {problem}\n")
    out = tmp_path / "out"
    exported = run_cli(["export", "--db", str(path), "--out", str(out)], tmp_path)
    assert (exported.returncode, exported.stdout, exported.stderr) == (1, "", f"form4viewer: {path}: {problem}\n")
    assert not out.exists() or not list(out.iterdir())
    assert state(path) == before


# The window, on a hostile database: a file named at start takes the quick look and then opens the database as at
# start (a note in the status bar and the database label); choosing the database (Database > Use Database...) says
# why in a message box.
WINDOW = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))
from form4viewer.gui.app import application
from form4viewer.gui.main_window import MainWindow

app = application()
window = MainWindow(sys.argv[1], remember=False)
shown = []
window.show_error = lambda title, message: shown.append([title, message])
window.show()
looked = window._saved_id(open(sys.argv[2], "rb").read())
at_start = [window.last_error, window.db_label.text(), window.db_label.toolTip()]
chosen = window._open_store(sys.argv[1])
print(json.dumps({"looked": looked, "at start": at_start, "chosen": chosen, "shown": shown,
                  "store": window.store is not None}))
window.close()
"""


@pytest.mark.parametrize("case", ["trigger renaming the issuer", "view looping for ever in place of filings"])
def test_the_window_refuses_a_hostile_database_with_one_clear_message(case: str, genuine: Path,
                                                                     tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtWidgets")
    sql, problem = HOSTILE[case]
    folder = tmp_path / "db"
    folder.mkdir()
    path = hostile_copy(genuine, folder, sql)
    before = state(path)
    done = subprocess.run([sys.executable, "-c", WINDOW, str(path), str(LNKD)], capture_output=True, text=True,
                          timeout=SECONDS * 2, env=child_env(tmp_path))
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    message = f"{path}: {problem}"
    assert said == {
        "looked": None,
        "at start": [message, f"Database: {path} (cannot be used)", message],
        "chosen": False,
        "shown": [["Cannot use the database", message]],
        "store": False,
    }
    assert state(path) == before


# --------------------------------------------------------------------------------------------------------------
# Mutated further: any addition or removal in the schema is refused, and the file is left as it was.

TABLE_COLUMNS = {"filings": ["issuer", "sha256", "form"], "sources": ["data"], "corrections": ["path", "new"],
                 "problems": ["rule", "message"]}
INDEXES = ["filings_issuer", "filings_ticker", "filings_accession", "corrections_filing", "problems_filing"]
NAME = st.from_regex(r"x[a-z0-9_]{0,8}", fullmatch=True)


@st.composite
def mutation(draw: st.DrawFn) -> str:
    table = draw(st.sampled_from(sorted(TABLE_COLUMNS)))
    column = draw(st.sampled_from(TABLE_COLUMNS[table]))
    name = draw(NAME)
    return draw(st.sampled_from([
        f"CREATE TRIGGER {name} {draw(st.sampled_from(['BEFORE', 'AFTER']))} "
        f"{draw(st.sampled_from(['INSERT', 'DELETE', 'UPDATE']))} ON {table} BEGIN SELECT 1; END",
        f"CREATE VIEW {name} AS SELECT {column} FROM {table}",
        f"ALTER TABLE {table} ADD COLUMN {name} TEXT",
        f"CREATE TABLE {name} (id INTEGER PRIMARY KEY)",
        f"CREATE INDEX {name} ON {table} ({column})",
        f"CREATE UNIQUE INDEX {name} ON {table} ({column}) WHERE {column} IS NULL",
        f"DROP INDEX {draw(st.sampled_from(INDEXES))}",
        f"DROP INDEX {draw(st.sampled_from(INDEXES))}; CREATE INDEX {draw(st.sampled_from(INDEXES))} ON {table} "
        f"({column})",
    ]))


@settings(derandomize=True, max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(mutation(), min_size=1, max_size=3))
def test_a_genuine_database_changed_in_any_way_is_refused_and_left_as_it_was(
    changes: list[str], genuine: Path, tmp_path: Path
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "filings.sqlite"
    shutil.copyfile(genuine, path)
    conn = sqlite3.connect(path)
    try:
        for change in changes:
            conn.executescript(change)
    except sqlite3.Error:
        assume(False)  # a name taken twice, an index dropped twice
    finally:
        conn.close()
    assume(objects(path) != objects(genuine))  # not changes that undid each other
    before = state(path)
    for opening in (lambda: Store.open(path), lambda: saved_id_by_hash(path, SHA)):
        with pytest.raises(StoreError) as caught:
            opening()
        assert str(caught.value).startswith(f"{path}: not a form4viewer database: ")
        assert state(path) == before


def objects(path: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"))
    finally:
        conn.close()
