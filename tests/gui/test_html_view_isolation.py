"""A saved web page loads nothing outside its own markup: no local file (absolute, relative, `file:`, UNC), no style
sheet, no background, no CSS `url(...)`, no data: address. Pages that would hang (a FIFO) or fill memory
(/dev/zero) if anything were read are laid out in a child process with a timeout and a memory limit, so that a
regression fails here rather than hanging the run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from form4viewer.gui.html_view import HtmlSourceView, neutralised, visible_characters

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

#: Names a hostile page gives its resources, relative to the folder the window runs in (made FIFOs there).
RELATIVE = ("rel.png", "rel.css", "\\\\host\\share\\x.png")


def _hostile_page(folder: Path) -> str:
    fifo = folder / "trap.fifo"
    big = "A" * 3_000_000
    return textwrap.dedent(f"""\
        <html><head><title>t</title>
        <link rel="stylesheet" href="{fifo}"><link rel=stylesheet href="rel.css"><LINK REL=STYLESHEET HREF=/dev/zero>
        <style>@import url("{fifo}"); @import "rel.css"; body {{ background-image: url("/dev/zero") }}</style>
        </head>
        <body background="{fifo}">
        <table background="/dev/zero"><tr><td style="background-image: url('file://{fifo}')">Issuer &amp; Co</td>
        <td background=rel.png>CIK 0001234567</td></tr></table>
        <img src="/dev/zero"><img src="{fifo}"><img src="rel.png"><img src="file://{fifo}"><img src="file:rel.png">
        <img src="\\\\host\\share\\x.png"><img src="&#47;dev&#47;zero"><img &#115;rc="/dev/zero"><img src=/dev/zero>
        <img width=10 height=10 src="/dev/zero"><img src="data:image/png;base64,{big}">
        <p>Shown text 123</p></body></html>
        """)


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # reading /dev/zero would pass this long before 4 GB
from PySide6.QtWidgets import QApplication
app = QApplication([])
from form4viewer.gui import html_view
variant = sys.argv[2]
if variant == "markup as is":
    html_view.neutralised = lambda markup: markup
elif variant == "loader of Qt":
    html_view.HtmlSourceView.loadResource = lambda self, kind, name: None
view = html_view.HtmlSourceView()
view.resize(800, 600)
view.show()
view.set_source(open(sys.argv[1], encoding="utf-8").read())
for _ in range(5):
    app.processEvents()
view.grab()  # painting asks for backgrounds and images too
print(json.dumps({"requests": view.resource_requests, "shown": view.toPlainText(),
                  "matched": view.map.matched, "total": view.map.total}))
"""


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "trap.fifo")
    for name in RELATIVE:
        os.mkfifo(tmp_path / name)
    (tmp_path / "page.html").write_text(_hostile_page(tmp_path), encoding="utf-8")
    return tmp_path


def _lay_out(folder: Path, variant: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [*(prefix or []), sys.executable, "-c", _CHILD, str(folder / "page.html"), variant]
    try:
        return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{folder / 'page.html'} ({variant}): the page view hung (it opened a FIFO the page names)")


# Each lock alone must hold: the markup handed to Qt names nothing, and the view's loader reads nothing.
@pytest.mark.parametrize("variant", ["both locks", "markup as is", "loader of Qt"])
def test_a_page_naming_fifos_dev_zero_and_relative_files_is_shown_without_reading_any(
        hostile_folder: Path, variant: str) -> None:
    done = _lay_out(hostile_folder, variant)
    page = hostile_folder / "page.html"
    assert done.returncode == 0, f"{page} ({variant}): the page view died: {done.stderr[-2000:]}"
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Issuer & Co" in shown["shown"] and "Shown text 123" in shown["shown"], page
    assert shown["matched"] == shown["total"], page
    if variant == "both locks":
        # An image without a source asks for the empty name (resolved against the view's "about:blank").
        names = {name for _, name in shown["requests"]}
        assert names <= {"", "about:blank"}, f"{page}: the neutralised markup still asks for {names}"
    if variant == "markup as is":  # only the loader stands between the page and the disk: it was asked, and said no
        names = {name for _, name in shown["requests"]}
        assert any("dev/zero" in name for name in names) and any("trap.fifo" in name for name in names), page


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_strace_sees_no_open_of_a_path_the_page_names(hostile_folder: Path) -> None:
    log = hostile_folder / "strace.log"
    done = _lay_out(hostile_folder, "markup as is",
                    ["strace", "-f", "-qq", "-e", "trace=open,openat,stat,newfstatat,statx,access", "-o", str(log)])
    page = hostile_folder / "page.html"
    if done.returncode != 0 and "ptrace" in done.stderr:
        pytest.skip("strace cannot trace here")
    assert done.returncode == 0, f"{page}: {done.stderr[-2000:]}"
    calls = [line for line in log.read_text(errors="replace").splitlines()
             if "trap.fifo" in line or "/dev/zero" in line or "rel.png" in line or "rel.css" in line
             or "host" in line and "share" in line]
    assert calls == [], f"{page}: the page view touched what the page names: {calls[:5]}"


def test_the_view_answers_every_resource_with_an_empty_value_without_reading_the_file(qtbot, tmp_path: Path) -> None:
    picture = tmp_path / "real.png"
    image = QImage(7, 7, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(picture))
    sheet = tmp_path / "real.css"
    sheet.write_text("p { color: red }", encoding="utf-8")
    view = HtmlSourceView()
    qtbot.addWidget(view)
    view.set_source("<p>x</p>")
    document = view.document()
    for url in (QUrl.fromLocalFile(str(picture)), QUrl(str(picture)), QUrl("real.png")):
        got = document.resource(QTextDocument.ResourceType.ImageResource.value, url)
        assert isinstance(got, QImage) and got.size().width() == 1, f"{picture}: read as {got!r}"
    got = document.resource(QTextDocument.ResourceType.StyleSheetResource.value, QUrl.fromLocalFile(str(sheet)))
    assert got == "", f"{sheet}: read as {got!r}"
    data = document.resource(QTextDocument.ResourceType.ImageResource.value, QUrl("data:text/plain;base64,QUJD"))
    assert isinstance(data, QImage) and data.size().width() == 1
    # Asked for each (names resolved against "about:blank", which names no file), and answered with nothing.
    assert len([name for _, name in view.resource_requests if name.endswith(("real.png", "real.css"))]) == 4


def test_neutralised_markup_names_nothing_and_shows_the_same_characters(tmp_path: Path) -> None:
    markup = _hostile_page(tmp_path).replace("A" * 3_000_000, "AAAA")
    safe = neutralised(markup)
    assert visible_characters(safe)[0] == visible_characters(markup)[0]
    for name in (r"src\s*=", r"background\s*=", r"href\s*=", r"url\(", "@import", "&#115;rc"):
        assert re.search(r"(?<![\w-])" + name, safe, re.IGNORECASE) is None, name
    assert '<a href="x">' in neutralised('<a href="x">y</a>')  # a link keeps its look; links are not followed
    assert neutralised('<td bgcolor="DCDCDC">1</td>') == '<td bgcolor="#DCDCDC">1</td>'
