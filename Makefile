# The two commands that set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SAMPLE := resources/samples/qualys-form4-2013.txt

.PHONY: run test test-fast fuzz bench lint syslibs bundle wheel accel check-packaging icons clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml packaging/build_backend.py | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml packaging/build_backend.py | $(PY)
	$(PY) -m pip install --quiet -e '.[test,ocr-onnx]'
	touch $@ $(STAMP)

# The optional accelerator (packaging/accel/, the compiled XML walk) built into .venv with the test extra's Cython
# against the lxml installed there; without a C compiler it is left out and the pure-Python reader is used (the
# same values, more slowly; `form4viewer info` says which).
ACCEL_STAMP := $(VENV)/.installed-accel
ACCEL_SOURCES := packaging/accel/form4viewer_accel.pyx packaging/accel/setup.py packaging/accel/pyproject.toml
$(ACCEL_STAMP): $(ACCEL_SOURCES) | $(TEST_STAMP)
	$(PY) -m pip install --quiet --no-build-isolation --no-deps ./packaging/accel \
		|| echo "form4viewer: the accelerator was not built (a C compiler is needed); the pure-Python reader is used"
	touch $@

accel: $(ACCEL_STAMP)

syslibs:
	@bash packaging/syslibs.sh

run: syslibs $(STAMP)
	$(VENV)/bin/form4viewer $(SAMPLE)

test: syslibs $(TEST_STAMP) $(ACCEL_STAMP)
	$(VENV)/bin/ruff check --quiet .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# The property-based tests randomized and longer than in `make test` (which runs them derandomized); a failing
# example it finds is printed with its seed, to be kept in its test with @example.
fuzz: syslibs $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz FORM4VIEWER_FUZZ_SCALE=10 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider \
		$$(grep -rlE '@given' tests --include='*.py')

bench: $(TEST_STAMP) $(ACCEL_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s tests/benchmarks -p no:cacheprovider --benchmarks

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy form4viewer

# The wheel in dist/: pure Python (py3-none-any), with resources/ inside (packaging/build_backend.py copies it in);
# built with the setuptools in .venv, so nothing downloads. A stale build/lib could carry deleted modules into the
# wheel, hence the rm. Beside it, where a C compiler is at hand, the accelerator's platform wheel.
wheel: $(TEST_STAMP)
	rm -rf build/lib packaging/accel/build
	$(PY) -m pip wheel --no-deps --no-build-isolation -q -w dist .
	-$(PY) -m pip wheel --no-deps --no-build-isolation -q -w dist ./packaging/accel
	@ls -l dist/form4viewer*.whl

# A one-folder application, dist/form4viewer/form4viewer, with PyInstaller (the `bundle` extra); slower, and not
# part of `make test`. It ends by running the frozen program: `info`, then a sample opened offscreen.
BUNDLE_STAMP := $(VENV)/.installed-bundle
$(BUNDLE_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[bundle]'
	touch $@ $(STAMP)

bundle: syslibs $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/form4viewer.spec
	dist/form4viewer/form4viewer info
	rm -rf build/bundle-check && mkdir -p build/bundle-check
	QT_QPA_PLATFORM=offscreen FORM4VIEWER_DATA_DIR=$(CURDIR)/build/bundle-check XDG_CONFIG_HOME=$(CURDIR)/build/bundle-check \
		dist/form4viewer/form4viewer \
		dist/form4viewer/_internal/form4viewer/_resources/samples/microsoft-form4-2024.pdf \
		--screenshot build/bundle-check/window.png
	@ls -l build/bundle-check/window.png
	@du -sh dist/form4viewer

# The desktop file, AppStream metainfo, icons and the wheel installed in a fresh venv (part of `make test` too).
check-packaging: syslibs $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/test_resources.py tests/test_packaging.py

# Render the application icon's PNG sizes after editing resources/app-icon/form4viewer.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info packaging/accel/build packaging/accel/*.egg-info packaging/accel/*.c
