"""The second OCR engine, RapidOCR's ONNX package (`rapidocr_onnxruntime`, the `ocr-onnx` extra), behind
`ocr.read_words`: the words it reads off a page drawn from a printout, where the printout's text layer says they
are; a scan read end to end with it, scored against the XML the page was printed from; `info` naming it; the choice
of engine by FORM4VIEWER_OCR; and the message when its package is missing.

The readings are skipped cleanly where the package is not installed.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")
pytest.importorskip("pypdfium2")

from PIL import Image  # noqa: E402
from test_scan import EDGAR_PRINT, EDGAR_PRINT_XML, as_pdf, page_images, report, score_against_xml  # noqa: E402

from form4viewer.errors import ReadError  # noqa: E402
from form4viewer.model import Filing  # noqa: E402
from form4viewer.readers import ocr, read_bytes  # noqa: E402

try:
    import rapidocr_onnxruntime  # noqa: F401

    HAS_RAPID = True
except ImportError:
    HAS_RAPID = False

needs_rapid = pytest.mark.skipif(not HAS_RAPID, reason="rapidocr_onnxruntime (the ocr-onnx extra) not installed")


@pytest.fixture
def rapid(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 - the engine chosen for the test, put back after it
    monkeypatch.setenv(ocr.ENGINE_VARIABLE, "rapidocr")
    ocr.available.cache_clear()
    yield
    monkeypatch.delenv(ocr.ENGINE_VARIABLE)
    ocr.available.cache_clear()


# ---- choosing the engine -------------------------------------------------------------------------------------


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (850, 1100), 255).save(buffer, "PNG")
    return buffer.getvalue()


@needs_rapid
def test_rapidocr_is_used_where_tesseract_is_absent_and_where_it_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda program: None)  # no Tesseract on the PATH
    monkeypatch.delenv("FORM4VIEWER_TESSERACT", raising=False)
    monkeypatch.delenv(ocr.ENGINE_VARIABLE, raising=False)
    ocr.available.cache_clear()
    try:
        assert ocr.available() == "RapidOCR 1.4.4 (ONNX, models in the package)"
        assert ocr.engine() == "rapidocr"
        monkeypatch.setenv(ocr.ENGINE_VARIABLE, "tesseract")  # chosen, and not here: no engine, not the other one
        ocr.available.cache_clear()
        assert ocr.available() is None
        monkeypatch.setenv(ocr.ENGINE_VARIABLE, "RapidOCR")
        ocr.available.cache_clear()
        assert ocr.engine() == "rapidocr"
    finally:
        ocr.available.cache_clear()


def test_an_engine_name_that_names_none_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr.ENGINE_VARIABLE, "easyocr")
    ocr.available.cache_clear()
    try:
        assert ocr.available() is None
        with pytest.raises(ReadError) as caught:
            read_bytes(_blank_png(), "scan.png")
        assert str(caught.value) == ("scan.png: this file is a scan, and FORM4VIEWER_OCR=easyocr names no OCR engine "
                                     "to read it (tesseract or rapidocr)")
    finally:
        ocr.available.cache_clear()


def test_without_the_package_a_scan_is_refused_naming_both_ways_to_install_an_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # importing it fails, as where it is absent
    monkeypatch.setenv(ocr.ENGINE_VARIABLE, "rapidocr")
    ocr.available.cache_clear()
    ocr._rapid_package.cache_clear()
    try:
        assert ocr.available() is None
        with pytest.raises(ReadError) as caught:
            read_bytes(_blank_png(), "scan.png")
        message = str(caught.value)
        assert message.startswith("scan.png: this file is a scan, and no OCR engine is installed")
        assert "pip install 'form4viewer[ocr-onnx]'" in message and "apt-get install tesseract-ocr" in message
    finally:
        ocr.available.cache_clear()
        ocr._rapid_package.cache_clear()


@needs_rapid
def test_info_names_rapidocr_when_it_reads_the_scans(rapid: None, capsys: pytest.CaptureFixture[str]) -> None:
    from form4viewer.cli import main

    assert main(["info"]) == 0
    assert "scans:       read by OCR with RapidOCR 1.4.4 (ONNX, models in the package)" in capsys.readouterr().out


@needs_rapid
def test_the_engine_loads_its_models_from_its_own_package_on_one_thread_with_the_network_shut(
    rapid: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    import rapidocr_onnxruntime

    package = Path(rapidocr_onnxruntime.__file__).parent
    assert sorted((p.parent, p.name) for p in ocr._rapid_models()) == [
        (package / "models", "ch_PP-OCRv4_det_infer.onnx"), (package / "models", "ch_PP-OCRv4_rec_infer.onnx"),
        (package / "models", "ch_ppocr_mobile_v2.0_cls_infer.onnx")]

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("the network is shut in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    ocr._rapid.cache_clear()  # loaded afresh, with nothing to fetch
    try:
        engine = ocr._rapid()
        for model in (engine.text_det, engine.text_cls, engine.text_rec):
            session = model.infer.session if hasattr(model, "infer") else model.session.session
            assert session.get_session_options().intra_op_num_threads == ocr.RAPID_THREADS == 1
        (image, *_) = page_images(EDGAR_PRINT, 300)
        scale = 300 / 72
        x0, top, x1, bottom = PRINTED["Adams"]
        cut = image.crop((round((x0 - 4) * scale), round((top - 3) * scale), round((x1 + 60) * scale),
                          round((bottom + 3) * scale)))
        assert [w.text for w in ocr.read_words(cut, 300, "owner.png", line=True)] == ["Adams", "Katherine", "L."]
    finally:
        ocr._rapid.cache_clear()


@needs_rapid
def test_loading_the_engine_leaves_qt_pointed_at_its_own_plugins() -> None:
    # OpenCV's wheel, imported on Linux, points Qt at plugins of its own; the window's Qt must keep its own.
    code = ("import os\nfrom form4viewer.readers import ocr\nocr._rapid_package()\n"
            "print(os.environ.get('QT_QPA_PLATFORM_PLUGIN_PATH'), os.environ.get('QT_QPA_FONTDIR'))\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.split() == ["None", "None"]


# ---- reading ---------------------------------------------------------------------------------------------------


#: Words of the printed Apple Form 4's first page and their boxes in points, as its text layer (pdfplumber) has them.
PRINTED = {"Adams": (35, 237, 61, 246), "Apple": (320, 246, 342, 255), "9,136": (322, 478, 343, 487),
           "468,198": (402, 478, 432, 487)}


@needs_rapid
def test_rapidocr_reads_a_drawn_pages_words_with_their_boxes_where_they_are_printed(rapid: None) -> None:
    # At 300 dpi, the resolution the scan reader reads at (at 200 the engine finds "$159.94" and "468,198", two
    # cells apart, as one line and reads it "159.94468,198").
    dpi = 300
    (image, *_) = page_images(EDGAR_PRINT, dpi)
    words = ocr.read_words(image, dpi, "apple-page-1.png")
    scale = dpi / 72
    for text, (x0, top, x1, bottom) in PRINTED.items():
        found = [w for w in words if w.text == text]
        assert found, f"{text} not read"
        nearest = min(found, key=lambda w: abs(w.x0 - x0 * scale) + abs(w.top - top * scale))
        # Within two points across (the engine places a word from the columns it read its letters in), and the
        # line's box around the printed word.
        assert abs(nearest.x0 - x0 * scale) <= 2 * scale and abs(nearest.x1 - x1 * scale) <= 2 * scale, nearest
        assert nearest.top <= top * scale + 2 and nearest.bottom >= bottom * scale - 2, nearest
        assert 0.9 <= nearest.confidence <= 1.0
    # A line's words share its line key, and lines keep the engine's reading order.
    adams = next(w for w in words if w.text == "Adams")
    assert [w.text for w in words if w.line == adams.line][:2] == ["Adams", "Katherine"]


@needs_rapid
def test_a_cell_read_as_one_line_keeps_only_the_characters_asked_for(rapid: None) -> None:
    dpi = 300
    (image, *_) = page_images(EDGAR_PRINT, dpi)
    scale = dpi / 72
    # The Amount cell of the first row, "9,136", with the paper around it.
    x0, top, x1, bottom = PRINTED["9,136"]
    cell = image.crop((round((x0 - 4) * scale), round((top - 3) * scale), round((x1 + 4) * scale),
                       round((bottom + 3) * scale)))
    read = ocr.read_words(cell, dpi, "cell.png", line=True, chars="0123456789")
    assert [w.text for w in read] == ["9136"]
    assert read[0].x0 < read[0].x1 <= cell.size[0]


@pytest.fixture(scope="module")
def apple_scan() -> Filing:
    """The printed Apple Form 4 scanned at 300 dpi, as an image-only PDF, read with RapidOCR."""
    mp = pytest.MonkeyPatch()
    mp.setenv(ocr.ENGINE_VARIABLE, "rapidocr")
    ocr.available.cache_clear()
    try:
        return read_bytes(as_pdf(page_images(EDGAR_PRINT, 300), 300), "edgar-print-scan-300.pdf")
    finally:
        mp.undo()
        ocr.available.cache_clear()


@needs_rapid
def test_a_printed_page_scanned_at_300_dpi_read_with_rapidocr_gives_owner_rows_and_footnotes(
    apple_scan: Filing, capsys: pytest.CaptureFixture[str],
) -> None:
    filing = apple_scan
    score = score_against_xml(filing, EDGAR_PRINT_XML)
    with capsys.disabled():
        print("\n" + report("printed EDGAR page, image-only PDF at 300 dpi, RapidOCR", score))
    assert [owner.name.value for owner in filing.reporting_owners] == ["Adams Katherine L."]
    rows = filing.non_derivative_transactions
    assert len(rows) == 7 and score.rows_missing == []
    first = rows[0]
    assert (str(first.transaction_date.value), first.transaction_code.value, str(first.shares.value)) == \
        ("2022-05-04", "S", "9136")
    assert [note.id for note in filing.footnotes] == [f"F{n}" for n in range(1, 9)]
    assert (filing.footnotes[0].text.value or "").startswith(
        "This transaction was made pursuant to a Rule 10b5-1 trading plan adopted by the reporting person")
    # Measured 81/81 fields (Tesseract: 79/80); the floor is what was reached.
    assert score.misses == [] and score.share == 1.0


@needs_rapid
@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_rapidocr_tells_which_way_up_each_page_of_a_printout_stands(rapid: None, turned: int) -> None:
    for number, image in enumerate(page_images(EDGAR_PRINT, 150), start=1):
        # The page turned `turned` degrees clockwise must turn the rest of the way round to stand upright.
        lying = image.rotate(-turned, expand=True, fillcolor=255)
        assert ocr.orientation(lying) == (360 - turned) % 360, f"page {number}"


@needs_rapid
def test_a_tall_strip_of_cut_out_amounts_is_read_one_for_one(rapid: None) -> None:
    # As the scan reader reads words again: each cut out of the page and set one under another in a strip taller
    # than a page's longest side, read as a block keeping the characters of a number. Made small as a page is,
    # the strip's amounts at 300 dpi were mostly misread (33 of 150 right); found in bands as drawn, all are.
    dpi = 300
    (image, *_) = page_images(EDGAR_PRINT, dpi)
    scale = dpi / 72
    x0, top, x1, bottom = PRINTED["9,136"]
    cell = image.crop((round((x0 - 4) * scale), round((top - 3) * scale), round((x1 + 4) * scale),
                       round((bottom + 3) * scale)))
    gap, count = 50, 150
    slot = cell.size[1] + gap
    strip = Image.new("L", (cell.size[0] + 2 * gap, slot * count + gap), 255)
    for n in range(count):
        strip.paste(cell, (gap, gap + n * slot))
    assert strip.size[1] > ocr.RAPID_DETECT_SIDE
    words = ocr.read_words(strip, dpi, "strip.png", block=True, chars="0123456789,")
    by_slot = {int(((w.top + w.bottom) / 2 - gap / 2) // slot): w.text for w in words}
    assert by_slot == {n: "9,136" for n in range(count)}
