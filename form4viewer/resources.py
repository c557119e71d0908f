"""The application's own files (icons, sample filings) and its desktop identity, found the same way everywhere.

`resources/` at the top of the source tree is the one place these files live. How they reach the program:

- from a checkout (or an editable install): read in place from `<checkout>/resources/`;
- from an installed wheel: the build copies the folder into the package as `form4viewer/_resources/` (see
  `packaging/build_backend.py`), so it sits beside this module in site-packages;
- from a frozen PyInstaller bundle: `packaging/form4viewer.spec` puts it at `form4viewer/_resources/` inside the
  bundle's folder, `sys._MEIPASS`.

For the window (Qt code calls only these; this module never imports Qt):

    from form4viewer.resources import APP_ID, app_icon_paths, icon_path, resource_path, samples

    QGuiApplication.setDesktopFileName(APP_ID)        # matches the .desktop file and AppStream metainfo
    icon = QIcon()
    for path in app_icon_paths():                      # the SVG master and every PNG size
        icon.addFile(str(path))
    app.setWindowIcon(icon)
    action.setIcon(QIcon(str(icon_path("open"))))      # resources/icons/open.svg; names in ACTION_ICONS
    for sample in samples():                           # Help > Open Sample
        menu.addAction(sample_title(sample), lambda p=sample: window.open_path(p))

Toolbar icons are 24x24 SVGs drawn in `currentColor` with `color="#3c3c3c"` on the root element; QIcon renders
them sharp at any device pixel ratio. For a dark palette, read the text, replace `#3c3c3c` with the palette's text
colour and load the bytes (QSvgRenderer / QPixmap.loadFromData).

`install_desktop_entry()` (the `form4viewer install-desktop` command) registers an installed wheel or bundle with a
Linux desktop: launcher, icon, file types, AppStream metainfo.

A missing file raises FileNotFoundError naming what was looked for: every name here is shipped, and the tests check
that each one is, so a miss is a packaging bug to find at once rather than a blank button.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# The reverse-DNS application id shared by the .desktop file (packaging/<APP_ID>.desktop), the AppStream metainfo
# (packaging/<APP_ID>.metainfo.xml) and QGuiApplication.setDesktopFileName, so a desktop matches the running window
# to its launcher, icon and name.
APP_ID = "io.github.form4viewer.Form4Viewer"

# The toolbar and menu icons shipped in resources/icons/<name>.svg, one per action.
ACTION_ICONS = (
    "open",
    "save",
    "export",
    "import",
    "undo",
    "redo",
    "next-problem",
    "previous-problem",
    "zoom-in",
    "zoom-out",
    "find",
    "library",
    "add-row",
    "remove-row",
    "move-up",
    "move-down",
    "footnote",
    "revert",
)

# The application icon's bitmap sizes (resources/app-icon/form4viewer-<size>.png), rendered from its SVG master.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    """Where the resources folder may be, most specific first."""
    found: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        found.append(Path(meipass) / "form4viewer" / "_resources")
    found.append(_PACKAGE_DIR / "_resources")
    checkout = _PACKAGE_DIR.parent
    # pyproject.toml marks a source tree: a bare `resources/` beside site-packages may belong to anything.
    if (checkout / "pyproject.toml").is_file():
        found.append(checkout / "resources")
    return found


@cache
def resource_root() -> Path:
    """The folder holding `icons/`, `app-icon/` and `samples/` for this way of running."""
    candidates = _candidates()
    for folder in candidates:
        if (folder / "icons").is_dir():
            log.debug("resources from %s", folder)
            return folder
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"form4viewer's resources are missing (looked in {looked}); reinstall form4viewer")


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. `resource_path("samples", "tesla-form4-2023.xml")`.

    Works from a checkout, an installed wheel and a frozen bundle alike; raises FileNotFoundError naming the file
    when it is not there.
    """
    if not parts or any(not part or part in (".", "..") or "/" in part or "\\" in part for part in parts):
        raise ValueError(f"resource_path takes plain names of folders and a file, not {parts!r}")
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such resource in form4viewer")
    return path


def icon_path(name: str) -> Path:
    """The SVG of a toolbar or menu icon by its action name (one of ACTION_ICONS), e.g. `icon_path("undo")`."""
    return resource_path("icons", f"{name}.svg")


def app_icon_paths() -> list[Path]:
    """The application icon: its SVG master first, then the PNG of each size in APP_ICON_SIZES, smallest first."""
    return [resource_path("app-icon", "form4viewer.svg")] + [
        resource_path("app-icon", f"form4viewer-{size}.png") for size in APP_ICON_SIZES
    ]


def samples() -> list[Path]:
    """The sample filings offered under Help > Open Sample, sorted by file name (README.md is not a sample)."""
    folder = resource_path("samples")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md" and not p.name.startswith("."))


_KINDS = {".txt": "text", ".xml": "XML", ".pdf": "PDF", ".html": "web page", ".htm": "web page"}


def sample_title(path: Path) -> str:
    """A menu label for a sample from its file name: `tesla-form4-2023.xml` -> "Tesla Form 4, 2023 (XML)"."""
    words = path.stem.split("-")
    year = words.pop() if words and words[-1].isdigit() else ""
    form = ""
    if words and words[-1].lower().startswith("form"):
        form = "Form " + words.pop()[4:]
    name = " ".join(w.capitalize() for w in words)
    title = " ".join(part for part in (name, form) if part)
    if year:
        title += f", {year}"
    kind = _KINDS.get(path.suffix.lower())
    return f"{title} ({kind})" if kind else title


def desktop_files() -> tuple[Path, Path]:
    """The launcher (`<APP_ID>.desktop`) and AppStream metainfo (`<APP_ID>.metainfo.xml`): shipped in
    `_resources/desktop/` in a wheel or bundle, kept in `packaging/` in a checkout."""
    root = resource_root()
    folder = root / "desktop" if (root / "desktop").is_dir() else root.parent / "packaging"
    paths = (folder / f"{APP_ID}.desktop", folder / f"{APP_ID}.metainfo.xml")
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such resource in form4viewer")
    return paths


def launcher_command() -> Path | None:
    """The program a desktop launcher should start: the frozen executable in a bundle, else the `form4viewer`
    command this process was started as (or the one on PATH); None when there is none."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve()
    started_as = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started_as is not None and started_as.name in ("form4viewer", "form4viewer.exe") and started_as.is_file():
        return started_as.resolve()
    found = shutil.which("form4viewer")
    return Path(found).resolve() if found else None


def _desktop_exec_argument(path: Path) -> str:
    """`path` as the first argument of a desktop file's Exec key: quoted when it holds more than plain characters,
    with the escapes the Desktop Entry Specification asks for (quoting rule, then the string rule for backslashes)."""
    text = str(path).replace("%", "%%")
    if re.fullmatch(r"[A-Za-z0-9_./+-]+", text):
        return text
    quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", text) + '"'
    return quoted.replace("\\", "\\\\")


def install_desktop_entry(executable: Path, data_home: Path | None = None) -> list[Path]:
    """Register form4viewer with a freedesktop desktop (Linux, BSD) for the current user; returns the files written.

    Under `data_home` (default `$XDG_DATA_HOME`, else `~/.local/share`) it writes `applications/<APP_ID>.desktop`
    with Exec and TryExec pointing at `executable`, the icon as `icons/hicolor/<N>x<N>/apps/<APP_ID>.png` for every
    size plus `icons/hicolor/scalable/apps/<APP_ID>.svg`, and `metainfo/<APP_ID>.metainfo.xml`. Running it again
    (after an upgrade, or with the bundle moved) overwrites them; deleting those files undoes it.
    """
    if data_home is None:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    desktop, metainfo = desktop_files()
    text = desktop.read_text(encoding="utf-8")
    text = re.sub(r"^Exec=form4viewer ", lambda _: f"Exec={_desktop_exec_argument(executable)} ", text, flags=re.M)
    text = re.sub(r"^TryExec=.*$", lambda _: f"TryExec={str(executable).replace(chr(92), chr(92) * 2)}", text,
                  flags=re.M)
    written: list[Path] = []

    def write(target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)

    applications = data_home / "applications"
    write(applications / desktop.name, text.encode("utf-8"))
    svg, *pngs = app_icon_paths()
    hicolor = data_home / "icons" / "hicolor"
    write(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", svg.read_bytes())
    for size, png in zip(APP_ICON_SIZES, pngs, strict=True):
        write(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png", png.read_bytes())
    write(data_home / "metainfo" / metainfo.name, metainfo.read_bytes())
    # Refresh the MIME-type cache so "Open With" lists it at once; desktops also rescan on their own, so a missing
    # or failing tool only delays that.
    tool = shutil.which("update-desktop-database")
    if tool:
        try:
            subprocess.run([tool, "-q", str(applications)], check=False, timeout=60, capture_output=True)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("update-desktop-database %s: %s", applications, exc)
    log.info("installed %d desktop files under %s", len(written), data_home)
    return written
