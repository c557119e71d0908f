"""Text whose encoding is mixed or guessed: UTF-8 with a stray Windows-1252 byte reads its accents right, and the
filing says how its text was decoded; every span still points at the characters it was read from."""

from __future__ import annotations

from pathlib import Path

from form4viewer.model import Filing
from form4viewer.readers import decode_text, encoding_note, read_bytes, text_codec
from form4viewer.sources import TextSpan

DATA = Path(__file__).parents[1] / "data"
SEED = (DATA / "text" / "qualys-form4-2013.txt").read_bytes()
PLAIN_SUBMISSION = (DATA / "submissions" / "prac-form4-plain-text-2000.txt").read_bytes()


def test_a_stray_windows_1252_byte_in_utf8_text_is_read_alone() -> None:
    data = "Albért Pëter, ".encode() + b"caf\xe9 \x93quoted\x94"
    assert text_codec(data) == "mixed"
    assert decode_text(data) == "Albért Pëter, café \u201cquoted\u201d"
    note = encoding_note(data)
    assert note is not None and "mixes encodings" in note and "3 places" in note


def test_text_that_is_not_utf8_at_all_is_read_as_windows_1252_with_a_note() -> None:
    data = "Albért Pëter, café".encode("cp1252")
    assert text_codec(data) == "cp1252"
    assert decode_text(data) == "Albért Pëter, café"
    assert "not UTF-8; it was read as Windows-1252" in (encoding_note(data) or "")


def test_utf8_and_ascii_text_get_no_note() -> None:
    assert encoding_note("Albért".encode()) is None
    assert encoding_note(b"plain") is None
    assert encoding_note("\ufeffAlbért".encode("utf-8")) is None


def test_undefined_windows_1252_bytes_are_one_replacement_character_each() -> None:
    data = "é".encode() + b"\x81\x8d"
    assert decode_text(data) == "é\ufffd\ufffd"


def _same_characters_under_each_span(filing: Filing, data: bytes, clean: Filing, clean_data: bytes) -> int:
    """Each value's span shows the same characters in the damaged text as in the clean one (so the spans count
    characters the way the text is decoded for the window)."""
    text, clean_text = decode_text(data), decode_text(clean_data)
    checked = 0
    for (path, value), (clean_path, clean_value) in zip(filing.values(), clean.values(), strict=True):
        assert path == clean_path
        if isinstance(value.source, TextSpan) and isinstance(clean_value.source, TextSpan):
            shown = text[value.source.start:value.source.end]
            assert shown == clean_text[clean_value.source.start:clean_value.source.end] or "QU" in shown, path
            checked += 1
    return checked


def _with_name(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) >= 1
    return data.replace(old, new)


def test_a_printout_with_a_stray_byte_keeps_its_utf8_accents_and_says_so() -> None:
    # "Thomas" as typed in a UTF-8 editor, with one Windows-1252 "é" pasted in from an older file
    data = _with_name(SEED, b"QUALYS, INC.", "QUÀLYS, INC.".encode() + b" (caf\xe9)")
    filing = read_bytes(data, "mixed.txt")
    assert any("mixes encodings" in note for note in filing.document.notes)
    assert "QUÀLYS, INC. (café)" in decode_text(data)
    _same_characters_under_each_span(filing, data, read_bytes(SEED, "clean.txt"), SEED)


def test_a_full_submission_with_a_stray_byte_points_its_spans_at_the_same_characters() -> None:
    data = _with_name(PLAIN_SUBMISSION, b"FILED AS OF DATE:", "Ré: ".encode() + b"caf\xe9 FILED AS OF DATE:")
    filing = read_bytes(data, "mixed.txt")
    assert _same_characters_under_each_span(filing, data, read_bytes(PLAIN_SUBMISSION, "clean.txt"),
                                            PLAIN_SUBMISSION) > 10
    assert filing.filing_date.value is not None
