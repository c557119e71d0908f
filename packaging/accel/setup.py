"""Build of form4viewer_accel: one extension module, compiled with Cython against lxml's headers."""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("form4viewer_accel", ["form4viewer_accel.pyx"], include_dirs=lxml.get_include())],
        quiet=True,
        compiler_directives={"language_level": 3},
    ),
)
