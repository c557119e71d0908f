"""form4viewer's build backend: setuptools' own (every PEP 517 hook unchanged), with one step added to its build of
the package: the wheel carries the top-level `resources/` folder as `form4viewer/_resources/`, and the desktop
launcher and AppStream metainfo from `packaging/` as `form4viewer/_resources/desktop/`.

`resources/` stays the one source of the icons and sample filings (a checkout reads it in place); this copies it
into the package at build time so that an installed wheel finds it beside the code (`form4viewer.resources`). The
sdist carries `resources/` and `packaging/` (this module among them), so that a wheel builds from it too.
Nothing is compiled: the wheel is pure Python (`py3-none-any`). The optional accelerator is a wheel of its own,
built from packaging/accel/. pyproject.toml names this module (`build-backend`, `backend-path`) and its step
(`[tool.setuptools] cmdclass`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.build_meta import *  # noqa: F403 - the PEP 517 hooks, as setuptools has them
from setuptools.build_meta import __all__  # noqa: F401 - and the same list of them
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
#: The launcher and AppStream files live in packaging/; `form4viewer install-desktop` needs them in the wheel too.
DESKTOP_FILES = ("io.github.form4viewer.Form4Viewer.desktop", "io.github.form4viewer.Form4Viewer.metainfo.xml")


class BuildPyWithResources(build_py):
    """setuptools' build_py, then resources/ and the desktop files copied into the built package."""

    def run(self) -> None:
        super().run()
        # An editable install reads resources/ from the checkout; copying would leave a stale second copy.
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "form4viewer" / "_resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        (target / "desktop").mkdir()
        for name in DESKTOP_FILES:
            shutil.copy2(ROOT / "packaging" / name, target / "desktop" / name)


#: Files made by builds that an sdist leaves out.
_BUILT = ("__pycache__", "build", ".egg-info", ".so", ".pyd", ".c", ".pyc")


class SdistWithResources(sdist):
    """setuptools' sdist, with the folders the wheel is built from besides the package: resources/ and packaging/."""

    def make_distribution(self) -> None:
        for folder in ("resources", "packaging"):
            for path in sorted((ROOT / folder).rglob("*")):
                relative = path.relative_to(ROOT)
                if path.is_file() and not any(part.endswith(_BUILT) for part in relative.parts):
                    self.filelist.append(relative.as_posix())
        self.filelist.remove_duplicates()
        super().make_distribution()
