"""The shipped files (icons, sample filings) and the one function that finds them in a checkout, a wheel or a bundle."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from form4viewer import resources
from form4viewer.resources import (
    ACTION_ICONS,
    APP_ICON_SIZES,
    app_icon_paths,
    icon_path,
    resource_path,
    resource_root,
    sample_title,
    samples,
)

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def fresh_root():
    """Forget the resources folder found so far, and again afterwards, so a test can move it."""
    resource_root.cache_clear()
    yield
    resource_root.cache_clear()


def _png_header(path: Path) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's IHDR chunk."""
    data = path.read_bytes()[:33]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_resources_are_found_in_the_checkout_when_running_from_it() -> None:
    assert resource_root() == ROOT / "resources"
    assert resource_path("samples", "qualys-form4-2013.txt") == ROOT / "resources" / "samples" / "qualys-form4-2013.txt"


@pytest.mark.parametrize("name", ACTION_ICONS)
def test_each_action_icon_is_a_24px_svg_drawn_in_one_neutral_current_color(name: str) -> None:
    path = icon_path(name)
    assert path == ROOT / "resources" / "icons" / f"{name}.svg"
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("24", "24", "0 0 24 24")
    assert root.get("stroke") == "currentColor" and root.get("fill") == "none"
    assert root.get("stroke-width") == "2"
    # One neutral grey on the root, so a dark palette can swap a single string.
    colour = root.get("color", "")
    assert re.fullmatch(r"#([0-9a-f]{2})\1\1", colour), f"{name}: color {colour!r} is not a neutral grey"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text
    shapes = [el for el in root.iter() if el.tag in (f"{SVG}path", f"{SVG}circle", f"{SVG}rect")]
    assert shapes, f"{name}: draws nothing"
    for el in root.iter():
        assert el.tag not in (f"{SVG}image", f"{SVG}text", f"{SVG}style"), f"{name}: {el.tag} has no place in an icon"
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            assert value is None or value in ("none", "currentColor"), f"{name}: {el.tag} {attr}={value}"


def test_the_icon_folder_holds_exactly_the_action_icons() -> None:
    shipped = {p.stem for p in (ROOT / "resources" / "icons").iterdir()}
    assert shipped == set(ACTION_ICONS)


def test_the_app_icon_is_an_svg_master_and_a_png_of_each_size_named_for_it() -> None:
    paths = app_icon_paths()
    assert paths[0].name == "form4viewer.svg"
    assert ET.parse(paths[0]).getroot().get("viewBox") == "0 0 128 128"
    assert [_png_header(p) for p in paths[1:]] == [(size, size, 6) for size in APP_ICON_SIZES]  # 6: RGBA
    assert APP_ICON_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.slow
def test_the_committed_app_icon_pngs_are_what_the_svg_master_renders() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icons.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


EXPECTED_SAMPLES = {
    "qualys-form4-2013.txt": ("Qualys Form 4, 2013 (text)", b"QUALYS, INC.", "qualys"),
    "tesla-form4-2023.xml": ("Tesla Form 4, 2023 (XML)", b"<ownershipDocument>", "tesla"),
    "microsoft-form4-2024.pdf": ("Microsoft Form 4, 2024 (PDF)", b"%PDF-", "microsoft"),
    "evans-bancorp-form4-2023.html": ("Evans Bancorp Form 4, 2023 (web page)", b"EVANS BANCORP INC", "evans bancorp"),
}


def test_samples_are_one_of_each_kind_of_file_sorted_by_name() -> None:
    assert [p.name for p in samples()] == sorted(EXPECTED_SAMPLES)
    assert {p.suffix for p in samples()} == {".txt", ".xml", ".pdf", ".html"}


@pytest.mark.parametrize("name", sorted(EXPECTED_SAMPLES))
def test_each_sample_is_the_filing_its_name_and_readme_say(name: str) -> None:
    title, marker, _issuer = EXPECTED_SAMPLES[name]
    path = resource_path("samples", name)
    assert sample_title(path) == title
    assert marker in path.read_bytes()
    readme = (ROOT / "resources" / "samples" / "README.md").read_text(encoding="utf-8")
    assert f"| `{name}` |" in readme, f"{name} has no line in resources/samples/README.md"


READERS = {".txt": "text", ".xml": "ownership", ".pdf": "pdf", ".html": "html"}


@pytest.mark.parametrize("name", sorted(EXPECTED_SAMPLES))
def test_each_sample_reads_as_a_filing_of_its_issuer(name: str) -> None:
    path = resource_path("samples", name)
    pytest.importorskip(f"form4viewer.readers.{READERS[path.suffix]}", reason="that reader is not written yet")
    from form4viewer import read

    filing = read(path)
    assert EXPECTED_SAMPLES[name][2] in str(filing.issuer.name.value).lower()


def test_a_frozen_bundle_finds_resources_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    bundled = tmp_path / "form4viewer" / "_resources"
    (bundled / "icons").mkdir(parents=True)
    (bundled / "icons" / "open.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_root() == bundled
    assert icon_path("open") == bundled / "icons" / "open.svg"


def test_an_installed_wheel_finds_the_copy_inside_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    package = tmp_path / "site-packages" / "form4viewer"
    (package / "_resources" / "samples").mkdir(parents=True)
    (package / "_resources" / "icons").mkdir()
    (package / "_resources" / "samples" / "a-form4-2020.xml").write_text("<ownershipDocument/>")
    (package / "_resources" / "samples" / "README.md").write_text("where it came from")
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resource_root() == package / "_resources"
    assert samples() == [package / "_resources" / "samples" / "a-form4-2020.xml"]


def test_a_resources_folder_beside_site_packages_is_not_taken_for_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    # Some other distribution installed a top-level `resources/`; without pyproject.toml beside it, it is not ours.
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "form4viewer").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "form4viewer")
    with pytest.raises(FileNotFoundError, match="resources are missing .*_resources.*reinstall form4viewer"):
        resource_root()


def test_a_missing_resource_is_reported_by_its_path() -> None:
    with pytest.raises(FileNotFoundError, match=r"icons[/\\]no-such-action\.svg: no such resource"):
        icon_path("no-such-action")


@pytest.mark.parametrize("parts", [(), ("..", "pyproject.toml"), ("icons/open.svg",), ("",)])
def test_resource_path_takes_only_plain_names(parts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="plain names"):
        resource_path(*parts)
