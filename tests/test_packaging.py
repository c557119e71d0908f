"""Desktop integration files and the wheel: what a person installing form4viewer as an application gets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from form4viewer import __version__
from form4viewer.resources import (
    APP_ICON_SIZES,
    APP_ID,
    _desktop_exec_argument,
    install_desktop_entry,
    launcher_command,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
MIME_TYPES = {"application/pdf", "application/xml", "text/xml", "text/plain", "text/html"}
# Debian packages of the validators; packaging/syslibs.sh installs them when run as root (make test does).
VALIDATORS = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed and cannot be installed here; as root, `make syslibs` installs "
                    f"{VALIDATORS[name]}")
    return path


def _desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # Infos are advice (appstream 0.16 does not know the newer <developer> tag); warnings and errors are not.
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("W:", "E:")]
    assert problems == []


def test_desktop_file_metainfo_and_window_share_one_application_id() -> None:
    entry = _desktop_entry()
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert entry["Icon"] == APP_ID == root.findtext("icon[@type='stock']")
    assert entry["Name"] == root.findtext("name")
    assert entry["Exec"] == "form4viewer %f" and root.findtext("provides/binary") == "form4viewer"


def test_desktop_file_and_metainfo_offer_the_kinds_of_file_form4viewer_opens() -> None:
    entry = _desktop_entry()
    assert set(filter(None, entry["MimeType"].split(";"))) == MIME_TYPES
    root = ET.parse(METAINFO).getroot()
    assert {el.text for el in root.iterfind("provides/mediatype")} == MIME_TYPES


def test_the_newest_release_in_the_metainfo_is_the_package_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == __version__
    assert releases[0].find("description/p") is not None


def test_the_metainfo_screenshots_are_the_ones_committed_under_docs() -> None:
    committed = {p.name for p in (ROOT / "docs").glob("screenshot-*.png")}
    if not committed:
        pytest.skip("docs/screenshot-*.png are not committed yet")
    images = [el.text or "" for el in ET.parse(METAINFO).getroot().iterfind("screenshots/screenshot/image")]
    assert images and all(url.startswith("https://") and "/docs/screenshot-" in url for url in images)
    assert {url.rsplit("/", 1)[1] for url in images} <= committed


def _entry_of(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines()[1:] if "=" in line)


def test_install_desktop_writes_a_launcher_for_the_program_its_icon_in_every_size_and_the_metainfo(
    tmp_path: Path,
) -> None:
    program = tmp_path / "my apps" / "form4viewer"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    share = tmp_path / "share"
    written = install_desktop_entry(program, share)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    entry = _entry_of(desktop)
    # A path with a space is quoted, as the Desktop Entry Specification asks.
    assert (entry["Exec"], entry["TryExec"]) == (f'"{program}" %f', str(program))
    assert entry["MimeType"] == _desktop_entry()["MimeType"] and entry["Icon"] == APP_ID
    icons = [share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in APP_ICON_SIZES]
    assert [_png_header(p)[:2] for p in icons] == [(n, n) for n in APP_ICON_SIZES]
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert metainfo.read_bytes() == METAINFO.read_bytes()
    assert sorted(written) == sorted([desktop, svg, metainfo, *icons])
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("path", "exec_argument"),
    [
        ("/opt/form4viewer/form4viewer", "/opt/form4viewer/form4viewer"),
        ("/home/ann/my apps/form4viewer", '"/home/ann/my apps/form4viewer"'),
        # The spec's two rules in turn: inside quotes a backslash goes before " ` $ and backslash, then every
        # backslash is doubled (the string rule).
        ('/srv/a"b/$HOME/50%/c\\d/form4viewer', '"/srv/a\\\\"b/\\\\$HOME/50%%/c\\\\\\\\d/form4viewer"'),
    ],
)
def test_the_launcher_quotes_and_escapes_the_program_path_as_the_desktop_entry_spec_says(
    path: str, exec_argument: str
) -> None:
    assert _desktop_exec_argument(Path(path)) == exec_argument


def test_a_frozen_bundle_registers_its_own_executable_as_the_launcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    executable = tmp_path / "dist" / "form4viewer" / "form4viewer"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    assert launcher_command() == executable.resolve()


def _png_header(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# The wheel, built and installed as a person would, without touching the network or the project's .venv.

SOURCES = ("pyproject.toml", "README.md", "form4viewer", "resources", "packaging")


def _no_compiler(tmp: Path) -> dict[str, str]:
    """An environment with no C compiler to be found: PATH holds an empty folder only, and CC names a program that
    fails (the wheel is pure Python and must build and install so, as on a machine without one)."""
    empty = tmp / "no-compiler-bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty), "CC": "false", "CXX": "false"}


def _isolated_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env.update(extra)
    return env


def _run(args: list[str | Path], cwd: Path, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=_isolated_env(**env), capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0 or not check, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the source tree (the checkout's own build/ stays untouched and a stale build
    there cannot leak into it) with the setuptools already in .venv, so nothing downloads, and no C compiler."""
    tmp = tmp_path_factory.mktemp("wheel")
    return _build_wheel(tmp, **_no_compiler(tmp))


def _build_wheel(tmp: Path, project: str = ".", dist_name: str = "form4viewer", **env: str) -> Path:
    src = tmp / "src"
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            # Built modules and generated C in the checkout stay out (the accelerator's, say).
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_resources",
                                                                             "*.so", "*.pyd", "*.c", "build",
                                                                             "*.egg-info"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(path, src / name)
    out = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--isolated", "--no-deps", "--no-build-isolation", "-q",
          "-w", out, src / project], cwd=tmp, **env)
    (built,) = out.glob(f"{dist_name}-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with the wheel installed; its dependencies come from the project's .venv through
    a folder of links that leaves out the project's own (editable) install and its accelerator; no C compiler."""
    tmp = tmp_path_factory.mktemp("venv")
    yield _install(wheel, tmp, **_no_compiler(tmp))


def _install(wheel: Path, tmp: Path, **env: str) -> Path:
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    deps = tmp / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if entry.name.startswith(("form4viewer", "__editable__", "_form4viewer")) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    (venv_site,) = venv.glob("lib/python*/site-packages") or venv.glob("Lib/site-packages")
    (venv_site / "project-deps.pth").write_text(f"{deps}\n")
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--isolated", "--no-index", "-q",
          "--find-links", wheel.parent, wheel.name.split("-")[0].replace("_", "-")], cwd=tmp, **env)
    return venv


def _extract(venv: Path, files: list[str], **env: str) -> str:
    result = _run([venv / "bin" / "form4viewer", "extract", *files, "--format", "jsonl"], cwd=ROOT, check=False, **env)
    assert result.stdout.count("\n") == len(files), result.stderr
    return result.stdout


def _readings_to_compare() -> list[str]:
    """The submissions in tests/data and, where the corpus is beside this checkout, a few of its XMLs."""
    files = [str(p) for p in sorted((ROOT / "tests" / "data" / "submissions").iterdir())]
    corpus = ROOT.parent / "shared" / "corpus" / "xml"
    return files + [str(p) for p in sorted(corpus.glob("*.xml"))[::100]]


@pytest.mark.slow
def test_the_wheel_is_pure_python_and_installs_and_reads_filings_without_a_c_compiler(installed: Path,
                                                                                        wheel: Path) -> None:
    """One wheel for Linux, macOS and Windows: no compiled module in it, tagged py3-none-any, built and installed
    into a fresh environment with no C compiler to be found, where it reads filings in pure Python exactly as the
    project's own environment (with its accelerator, when built) reads them."""
    assert wheel.name == f"form4viewer-{__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib", ".c", ".pyx"))]
    meta = zipfile.ZipFile(wheel).read(f"form4viewer-{__version__}.dist-info/WHEEL").decode()
    assert "Root-Is-Purelib: true" in meta and "Tag: py3-none-any" in meta
    info = _run([installed / "bin" / "form4viewer", "info", "--json"], cwd=installed, **_no_compiler(installed))
    assert '"reading": "pure Python"' in info.stdout
    files = _readings_to_compare()
    assert _extract(installed, files) == _extract(ROOT / ".venv", files)


@pytest.mark.slow
def test_the_accelerator_is_a_platform_wheel_of_its_own_that_an_installed_form4viewer_uses(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """packaging/accel/ builds `form4viewer_accel` (with the Cython and lxml of .venv, and a C compiler); installed
    beside the pure wheel, `form4viewer info` says the reading is accelerated and the readings do not change."""
    if shutil.which(os.environ.get("CC", "cc")) is None:
        pytest.skip("no C compiler here to build the accelerator (it is optional)")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        pytest.skip("no Python headers here to build the accelerator (it is optional; Debian: python3-dev)")
    tmp = tmp_path_factory.mktemp("accel")
    accel = _build_wheel(tmp, "packaging/accel", "form4viewer_accel")
    assert accel.name.startswith("form4viewer_accel-0.1.0-cp3") and not accel.name.endswith("-none-any.whl")
    assert [n for n in zipfile.ZipFile(accel).namelist() if n.startswith("form4viewer_accel.") and
            n.endswith((".so", ".pyd"))]
    venv = _install(wheel, tmp)
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--isolated", "--no-index",
          "--no-deps", "-q", accel], cwd=tmp)
    info = _run([venv / "bin" / "form4viewer", "info", "--json"], cwd=tmp)
    assert '"reading": "accelerated (form4viewer_accel)"' in info.stdout
    files = _readings_to_compare()
    assert _extract(venv, files) == _extract(venv, files, FORM4VIEWER_ACCEL="0")


@pytest.mark.slow
def test_a_wheel_built_from_the_sdist_carries_the_same_files(wheel: Path, tmp_path: Path) -> None:
    """The sdist carries what the wheel is built from (resources/, packaging/ with the build backend), so a wheel
    built from it, with no C compiler, is the wheel built from the checkout."""
    src = wheel.parent.parent / "src"
    code = "import sys; sys.path.insert(0, 'packaging'); import build_backend; print(build_backend.build_sdist(sys.argv[1]))"
    result = _run([sys.executable, "-c", code, tmp_path / "sdist"], cwd=src, **_no_compiler(tmp_path))
    sdist = tmp_path / "sdist" / result.stdout.split()[-1]
    shutil.unpack_archive(sdist, tmp_path / "unpacked")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    _run([sys.executable, "-m", "pip", "wheel", "--isolated", "--no-deps", "--no-build-isolation", "-q", "-w",
          tmp_path / "dist", unpacked], cwd=tmp_path, **_no_compiler(tmp_path))
    (again,) = (tmp_path / "dist").glob("form4viewer-*-py3-none-any.whl")
    assert sorted(zipfile.ZipFile(again).namelist()) == sorted(zipfile.ZipFile(wheel).namelist())


@pytest.mark.slow
def test_the_wheel_carries_every_resource_file(wheel: Path) -> None:
    shipped = {n.removeprefix("form4viewer/_resources/") for n in zipfile.ZipFile(wheel).namelist()
               if n.startswith("form4viewer/_resources/")}
    expected = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert shipped == expected | {f"desktop/{DESKTOP.name}", f"desktop/{METAINFO.name}"}
    assert "samples/qualys-form4-2013.txt" in shipped and "icons/open.svg" in shipped
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1024:.0f} kB")


@pytest.mark.slow
def test_the_installed_wheel_runs_from_another_folder_with_its_own_resources(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = _run([installed / "bin" / "form4viewer", "--version"], cwd=elsewhere)
    assert version.stdout.strip() == f"form4viewer {__version__}"

    info = _run([installed / "bin" / "form4viewer", "info"], cwd=elsewhere, FORM4VIEWER_DATA_DIR=str(tmp_path / "d"))
    lines = dict(line.split(":", 1) for line in info.stdout.splitlines() if line[:1].isalpha() and ":" in line)
    resources = Path(lines["resources"].strip())
    assert resources.is_relative_to(installed) and resources.name == "_resources"
    assert lines["database"].strip() == str(tmp_path / "d" / "filings.sqlite")
    assert lines["reading"].strip() == "pure Python"  # the wheel alone: no accelerator beside it

    check = (
        "import sys\n"
        "from form4viewer.resources import ACTION_ICONS, app_icon_paths, icon_path, samples\n"
        "paths = [icon_path(n) for n in ACTION_ICONS] + app_icon_paths() + samples()\n"
        "assert all(p.is_file() and p.stat().st_size > 0 for p in paths)\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(len(paths), samples()[0].parent)\n"
    )
    result = _run([installed / "bin" / "python", "-c", check], cwd=elsewhere)
    count, folder = result.stdout.split()
    assert int(count) == 18 + 9 + 4
    assert Path(folder).is_relative_to(installed)

    # The launcher it registers starts this installation's command, from the copy of the desktop file in the wheel.
    share = tmp_path / "share"
    _run([installed / "bin" / "form4viewer", "install-desktop", "--data-home", share], cwd=elsewhere)
    entry = _entry_of(share / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"].removesuffix(" %f").strip('"') == str((installed / "bin" / "form4viewer").resolve())


@pytest.mark.slow
def test_the_installed_wheel_opens_a_sample_offscreen_and_saves_a_screenshot(installed: Path, tmp_path: Path) -> None:
    if not list(installed.glob("lib/python*/site-packages/form4viewer/gui/app.py")):
        pytest.skip("the window (form4viewer/gui/app.py) is not written yet")
    from PySide6.QtGui import QImage

    sample = next(installed.glob("lib/python*/site-packages/form4viewer/_resources/samples/tesla-form4-2023.xml"))
    png = tmp_path / "window.png"  # kept in pytest's tmp folder to look at
    _run([installed / "bin" / "form4viewer", sample, "--db", tmp_path / "f.sqlite", "--screenshot", png],
         cwd=tmp_path, QT_QPA_PLATFORM="offscreen", FORM4VIEWER_DATA_DIR=str(tmp_path / "d"))
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 400 and image.height() >= 300
    # A drawn window has text, icons and frames: many colours, not one flat fill.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20
