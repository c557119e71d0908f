"""PDF reading time against bare pdfplumber word extraction of the same pages (the baseline), over the 100 printed
EDGAR pages of `corpus/rendered/`. Goal: our whole read at most 1.5 times the baseline. Prints both, the ratio and
the time per page; asserts nothing about time."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pdfplumber
import pytest

from form4viewer.readers.pdf import read_pdf


def _baseline(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


@pytest.mark.corpus
def test_bench_pdf_reader_against_bare_pdfplumber_word_extraction(corpus: Path) -> None:
    files = sorted((corpus / "rendered").glob("*.pdf"))
    assert files
    blobs = [(f.name, f.read_bytes()) for f in files]
    ours = base = 0.0
    pages = 0
    for name, data in blobs:
        # Alternate the two so that the machine's load falls on both alike.
        t0 = time.perf_counter()
        pages += _baseline(data)
        t1 = time.perf_counter()
        read_pdf(data, name)
        t2 = time.perf_counter()
        base += t1 - t0
        ours += t2 - t1
    print()
    print(f"PDF reading over {len(blobs)} printed EDGAR pages ({pages} pages):")
    print(f"  bare pdfplumber extract_words(): {base:7.2f} s  ({1000 * base / pages:6.1f} ms per page)")
    print(f"  form4viewer read_pdf():          {ours:7.2f} s  ({1000 * ours / pages:6.1f} ms per page)")
    print(f"  ratio read_pdf / extract_words:  {ours / base:7.2f}  (goal: at most 1.50)")
