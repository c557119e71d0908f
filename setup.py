"""Build hook: the wheel carries the top-level `resources/` folder as `form4viewer/_resources/` (and the desktop
launcher and AppStream metainfo from `packaging/` as `form4viewer/_resources/desktop/`).

`resources/` stays the one source of the icons and sample filings (a checkout reads it in place); this copies it
into the package at build time so an installed wheel finds it beside the code (`form4viewer.resources`).

It also compiles, with Cython, the ownership XML reader's walk (`form4viewer/readers/_ownership_walk.pyx`, against
lxml's C API) and the store's writer of a filing's JSON (`form4viewer/_filing_json.pyx`). Both are optional: without
Cython, lxml's headers or a C compiler the build goes on without them and their Python versions give the same
results, more slowly. Everything else about the build is in
pyproject.toml.
"""

import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
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


def _compiled_modules() -> list[Extension]:
    """The XML walk and the filing JSON writer, translated to C; none when Cython or lxml's headers are missing."""
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError as exc:
        print(f"form4viewer: the compiled modules are left out ({exc}); their Python versions are used", file=sys.stderr)
        return []
    extensions = [
        Extension("form4viewer.readers._ownership_walk", ["form4viewer/readers/_ownership_walk.pyx"],
                  include_dirs=lxml.get_include()),
        Extension("form4viewer._filing_json", ["form4viewer/_filing_json.pyx"]),
    ]
    return cythonize(extensions, quiet=True, compiler_directives={"language_level": 3})


class OptionalBuildExt(build_ext):
    """Builds the compiled modules when a C compiler can; a failure leaves them out rather than failing the
    install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all
            print(f"form4viewer: the compiled modules are left out ({exc}); their Python versions are used",
                  file=sys.stderr)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # a compiler that fails (no Python headers, say)
            print(f"form4viewer: {ext.name} is left out ({exc}); its Python version is used", file=sys.stderr)


setup(
    cmdclass={"build_py": BuildPyWithResources, "build_ext": OptionalBuildExt},
    ext_modules=_compiled_modules(),
)
