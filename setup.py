"""Build hook: the wheel carries the top-level `resources/` folder as `form4viewer/_resources/` (and the desktop
launcher and AppStream metainfo from `packaging/` as `form4viewer/_resources/desktop/`).

`resources/` stays the one source of the icons and sample filings (a checkout reads it in place); this copies it
into the package at build time so an installed wheel finds it beside the code (`form4viewer.resources`). Everything
else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ROOT / "resources"
# The launcher and AppStream files live in packaging/; `form4viewer install-desktop` needs them in the wheel too.
DESKTOP_FILES = ("io.github.form4viewer.Form4Viewer.desktop", "io.github.form4viewer.Form4Viewer.metainfo.xml")


class BuildPyWithResources(build_py):
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


setup(cmdclass={"build_py": BuildPyWithResources})
