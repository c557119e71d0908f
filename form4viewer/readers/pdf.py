"""PDF printouts of Forms 3, 4 and 5 with a text layer: EDGAR's page printed by a browser, filing-service and data
vendor printouts. The SEC's fillable form filled in is read by `pdf_form` first; a scan is opened for viewing.

Everything is found by the form's own labels, never by fixed coordinates: the boxes by their captions ("2. Issuer
Name and Ticker or Trading Symbol", "(Street)", "(City)"), the tables by their numbered column headers ("1. Title of
Security", "3. Transaction Code" with "Code" and "V" beneath), rows by the table's rules (or by the white space
between them when a table has none). Each value keeps the box it was read from, the text it was read from, and a
confidence that drops where the reader had to guess.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pdfplumber

from .. import form
from ..errors import NotAFilingError, ReadError
from ..form import T1_FORM3, T1_TRANSACTIONS, T2_FORM3, T2_TRANSACTIONS, TABLE_HEADER_WORDS, Column, bracketed_tail
from ..limits import check_time
from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    Confidence,
    Filing,
    Footnote,
    Issuer,
    Kind,
    ReportingOwner,
    Row,
    Signature,
    SourceDocument,
    Value,
    parse_value,
)
from ..sources import PdfBox
from . import row_kinds
from .pdf_layout import Layout, Line, Page, PageGuard, PdfLimitError, Word, normalize

log = logging.getLogger(__name__)

SCAN_NOTE = "no text layer: this PDF is a scan; it is shown for viewing and manual entry"
LAYOUT_NOTE = "the form's layout on this PDF could not be made out; it is shown for viewing and manual entry"

#: Confidence of a value read from a labelled place on a text layer, and where the reader had to guess.
SURE = Confidence.SURE
WRAPPED = Confidence.WRAPPED  # a value whose text ran over several lines
INFERRED = Confidence.INFERRED  # a value concluded from what the page shows rather than read (an amendment's form type)
UNPARSED = Confidence.UNPARSED  # text found where a value belongs, but it does not read as one
CUT = Confidence.CUT  # text that runs past the edge of the printed page: the page shows only part of the value
MERGED = Confidence.GUESS  # a word that crosses from one column into the next: two values may have run together

_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
_MARK = re.compile(r"\((\d{1,3})\)")
#: A footnote mark read with one of its brackets lost or misread.
_BROKEN_MARK = re.compile(r"\((\d{1,3})[\]}|]?|(\d{1,3})\)")
_MARK_WORD = re.compile(r"^(?:\(\d{1,3}\))+$")
#: An amount printed with its thousands' separators ("$1,076.286", "23,074").
_GROUPED = re.compile(r"\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_AD_MARK = re.compile(r"^\([AD]\)|\([AD]\)$")
_NUMBERED = re.compile(r"^(\d{1,2}[A-Za-z]?)\.")
_NUMBERED_COMMA = re.compile(r"(\d{1,2}[A-Za-z]?),")


def _marks_in_order(lines: Sequence[Line], margin: float) -> dict[int, int]:
    """The notes' marks that a scan's reading got wrong where the marks around them say what they are: the
    explanation's marks run 1, 2, 3, ..., so a mark between (7) and (9) is (8), however it read ("(3)"). By the
    index of the line it opens."""
    marked = [(at, int(m[1])) for at, ln in enumerate(lines)
              if ln.words[0].x0 <= margin + 3 and (m := _MARK.fullmatch(ln.words[0].text))]
    triples = zip(marked, marked[1:], marked[2:], strict=False)
    return {at: before + 1 for (_, before), (at, number), (_, after) in triples
            if after == before + 2 and number != before + 1}


#: Footnote marks that open a note in the explanation of responses [33 notes in the largest real filing]: the marks
#: set beside a note are matched to its lines pairwise.
MAX_FOOTNOTE_MARKS = 400

#: More pages than any Form 3, 4 or 5 printout has (a long Form 4 runs to a dozen); longer PDFs are refused unread.
MAX_PAGES = 100


def read_pdf(data: bytes, name: str, *, password: str | None = None) -> Filing:
    """Read a filing from the bytes of a PDF. Raises ReadError naming the file when it is protected by a password
    (give `password` to open it), damaged or truncated, and NotAFilingError when its text is no Form 3, 4 or 5."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
        # The catalog's count first: listing the pages of a very long PDF takes seconds by itself.
        declared = _declared_page_count(pdf)
        if declared > MAX_PAGES:
            pdf.close()
            raise ReadError(name, f"the PDF has {declared:,} pages; a Form 3, 4 or 5 printout has far fewer "
                            f"(at most {MAX_PAGES} are read)")
        page_count = len(pdf.pages)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise _open_error(exc, name, password) from None
    if page_count > MAX_PAGES:
        pdf.close()
        raise ReadError(name, f"the PDF has {page_count:,} pages; a Form 3, 4 or 5 printout has far fewer "
                        f"(at most {MAX_PAGES} are read)")
    with pdf:
        try:
            guard = PageGuard(name)
            for page in pdf.pages:
                guard.watch(page)
            filled = _filled_form(pdf, name)
            if filled is not None:
                return filled
            layout = Layout.from_pdf(pdf, guard)
            title = _metadata_text(pdf, "Title")
        except ReadError:
            raise
        except Exception as exc:
            raise _open_error(exc, name, password) from None
    document = SourceDocument(
        kind="pdf", name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=page_count
    )
    accession, where = _accession(title, name)
    if layout.char_count < 20:
        return Filing(document=dataclasses.replace(document, notes=(SCAN_NOTE,) + where),
                      accession_number=accession)
    try:
        filing = FormReader(layout, name, document).read()
        if layout.typed:
            filing = dataclasses.replace(filing, document=dataclasses.replace(
                filing.document, notes=filing.document.notes + (TYPED_NOTE,)))
        if accession.empty:
            return filing
        notes = filing.document.notes + where
        return dataclasses.replace(filing, accession_number=accession,
                                   document=dataclasses.replace(filing.document, notes=notes))
    except ReadError:
        raise
    except Exception:
        # A layout this reader trips over is still a PDF a person can read and enter by hand.
        log.exception("%s: the form's layout could not be read", name)
        return Filing(document=dataclasses.replace(document, notes=(LAYOUT_NOTE,)))


#: Said of a PDF whose values were typed over its pages with a viewer's text tool (text annotations).
TYPED_NOTE = ("values typed over the form with a PDF viewer's text tool (text boxes, not part of the page) are read "
              "where they stand on it")

#: Confidence of an accession number taken from the PDF's document information (a vendor's printout titles the
#: PDF with it), and from the file's name (which a person may have chosen).
FROM_METADATA = SURE
FROM_FILE_NAME = Confidence.UNCERTAIN


def _metadata_text(pdf: Any, key: str) -> str | None:
    try:
        value = (pdf.metadata or {}).get(key)
    except Exception:  # a damaged information dictionary leaves the metadata unread, not the filing
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    return value[:1000] if isinstance(value, str) else None


def _accession(title: str | None, name: str) -> tuple[Value, tuple[str, ...]]:
    """The accession number where the PDF carries one: its metadata Title (EDGAR Online's printouts), else its file
    name; with a note saying which, since neither is a place on a page."""
    number = form.accession_number(title or "")
    if number is not None:
        return (Value(number, raw=f"PDF metadata Title: {title}", confidence=FROM_METADATA),
                ("accession number read from the PDF's metadata (its Title)",))
    base = re.split(r"[\\/]", name)[-1]
    number = form.accession_number(base)
    if number is not None:
        return (Value(number, raw=f"file name: {base}", confidence=FROM_FILE_NAME),
                ("accession number taken from the file's name",))
    return Value(), ()


def _declared_page_count(pdf: Any) -> int:
    """The page count the PDF's catalog declares, or 0 when it declares none readable."""
    try:
        count = pdf.doc.catalog["Pages"].resolve()["Count"]
        return int(count.resolve() if hasattr(count, "resolve") else count)
    except Exception:
        return 0


def _open_error(exc: Exception, name: str, password: str | None) -> ReadError:
    # pdfplumber wraps pdfminer's errors; the cause says what went wrong.
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 5:
        chain.append(seen)
        inner = [a for a in getattr(seen, "args", ()) if isinstance(a, BaseException)]
        seen = seen.__cause__ or seen.__context__ or (inner[0] if inner else None)
    names = " ".join(type(e).__name__ for e in chain)
    kind = type(chain[-1]).__name__
    if "Password" in names or "Encrypt" in names:
        if password:
            return ReadError(name, "the PDF is password-protected and the password given does not open it")
        return ReadError(name, "the PDF is password-protected; give its password to open it")
    log.debug("PDF could not be parsed: %r", exc)
    return ReadError(name, f"the PDF is damaged or truncated and could not be read ({kind})")


def _filled_form(pdf: Any, name: str) -> Filing | None:
    """The SEC fillable form's fields, when the PDF is that form filled in (read by `pdf_form`)."""
    try:
        from .pdf_form import read_filled_form  # type: ignore[attr-defined]
    except ImportError:
        return None
    result: Filing | None = read_filled_form(pdf, name)
    return result


#: Lines that end a table or a section.
_SECTION_END = re.compile(
    r"^(Reminder[:;]|Table I|Table II|Explanation of Responses|Reporting Owners|Signatures?\b|Persons who respond|"
    r"SEC 14\d\d|SEC 2270|Note:|Remarks:|\*+ ?Signature of|Potential persons|"
    r"(?-i:FORM [345]\b))",
    re.I,
)
#: The title of Table I or II: at the start of its line, or after the page's own heading on the same line (the SEC's
#: form of 2026 prints "FORM 4 (continued)  Table I — Non-Derivative Securities ..." as one line).
_TABLE_TITLES = {
    "I": re.compile(r"^Table I\b|\bTable I\s*[-–—:]*\s*Non-Derivative", re.I),
    "II": re.compile(r"^Table II\b|\bTable II\s*[-–—:]*\s*Derivative", re.I),
}
#: Running headers and footers of printouts, which are not part of the form.
_FURNITURE = re.compile(r"^(Edgar Filing:|Page \d+( of \d+)?$|SEC Form [345]$|Source:|Printed|Powered by)", re.I)


class FormReader:
    """Reads one laid-out PDF as a Form 3, 4 or 5."""

    def __init__(self, layout: Layout, name: str, document: SourceDocument):
        self.layout = layout
        self.name = name
        self.document = document
        self.notes: list[str] = []
        self.used: set[int] = set()  # ids of words consumed as signatures, kept out of footnotes
        self.doubts: dict[int, float] = {}  # ids of words placed in a column by guesswork, and how sure
        # Running headers and footers, found once.
        self.furniture = {id(w) for page in layout.pages for line in page.lines if _FURNITURE.match(line.text)
                          for w in line.words}

    # ---- the whole form ----------------------------------------------------------------------------------------

    def read(self) -> Filing:
        first = self._form_page()
        if first is None:
            raise NotAFilingError(self.name, "this PDF has text but no Form 3, 4 or 5 on it (no \"FORM 4\" title "
                                  "or \"Table I\" found)")
        page = self.layout.pages[first]
        form_word, form_type = self._form_type(page)
        amendment = self._labelled_date(page, _FIRST_WORDS["amendment"])
        if form_type is None:
            form = Value()
        elif amendment.value is not None:
            form = Value(f"{form_type}/A", raw=form_word.text if form_word else None,
                         source=_box(form_word) if form_word else None, confidence=INFERRED)
        else:
            form = Value(form_type, raw=form_word.text if form_word else None,
                         source=_box(form_word) if form_word else None,
                         confidence=SURE if form_word is not None and form_word.text == form_type else INFERRED)
        period_label = _FIRST_WORDS["period"]
        period = self._labelled_date(page, period_label)
        issuer = self._issuer(page)
        owners = self._owners(page, form_type)
        signatures = self._signatures()
        tables = self._tables(form_type or "4")
        kwargs: dict[str, Any] = {}
        no_securities = self._no_securities()  # before the footnotes and remarks, which it is kept out of
        if not no_securities.empty:
            kwargs["no_securities_owned"] = no_securities
        footnotes = self._footnotes()
        remarks = self._remarks()
        if form_type in ("4", "5", None):
            kwargs["not_subject_to_section16"] = self._check(page, r"Check this box if no|no\s+longer\s+subject")
            kwargs["aff10b5_one"] = self._check(page, r"Check this box to")
        if form_type == "5":
            kwargs["form3_holdings_reported"] = self._check(page, r"Form 3 Holdings Reported")
            kwargs["form4_transactions_reported"] = self._check(page, r"Form 4 Transactions Reported")
        filing = Filing(
            form=form,
            period_of_report=period,
            date_of_original_submission=amendment,
            issuer=issuer,
            reporting_owners=tuple(owners),
            non_derivative_transactions=tuple(tables[NON_DERIVATIVE_TRANSACTIONS]),
            non_derivative_holdings=tuple(tables[NON_DERIVATIVE_HOLDINGS]),
            derivative_transactions=tuple(tables[DERIVATIVE_TRANSACTIONS]),
            derivative_holdings=tuple(tables[DERIVATIVE_HOLDINGS]),
            footnotes=tuple(footnotes),
            remarks=remarks,
            signatures=tuple(signatures),
            document=self.document,
            **kwargs,
        )
        filing = self._mark_cut(filing)
        return dataclasses.replace(
            filing, document=dataclasses.replace(self.document, notes=tuple(self.notes)))

    def _mark_cut(self, filing: Filing) -> Filing:
        """Values whose text runs past the printable edge of the page (a browser prints a wide table or a long
        line cut at the margin) get the lowest confidence, and a note says where."""
        limits = {}
        for page in self.layout.pages:
            left = min((w.x0 for w in page.words), default=0.0)
            if 0 < left < page.width / 4:
                limits[page.number] = page.width - left + 2
        cut_paths = []
        for path, value in list(filing.values()):
            src = value.source
            if isinstance(src, PdfBox) and src.page in limits and src.x1 > limits[src.page] and not value.empty:
                filing = filing.replace_at(path, dataclasses.replace(value, confidence=CUT))
                cut_paths.append(path)
        if cut_paths:
            self.notes.append("text runs past the edge of the printed page, so these values are shown only in "
                              "part: " + ", ".join(cut_paths))
        return filing

    def _form_page(self) -> int | None:
        """The page the form starts on (a vendor's cover page may come first)."""
        for i, page in enumerate(self.layout.pages):
            for line in page.lines:
                if re.search(form.BOX_CAPTIONS["owner"], line.text, re.I):
                    return i
        for i, page in enumerate(self.layout.pages):
            if any(line.text.startswith("Table I") for line in page.lines):
                return i
        return None

    def _form_type(self, page: Page) -> tuple[Word | None, str | None]:
        """"FORM 4" as the title prints it: the largest "FORM n" on the page, one in capitals before any other (the
        title prints "FORM" in capitals, the captions beside it "Form 4 or Form 5 obligations", which a scan's
        reading may box taller than a title it set on one line with smaller words)."""
        best: tuple[tuple[bool, float], Word, str] | None = None
        for line in page.lines:
            ws = line.words
            for k, (a, b) in enumerate(zip(ws, ws[1:], strict=False)):
                if a.text.upper() == "FORM" and b.text in ("3", "4", "5") and b.x0 - a.x1 < a.size:
                    after = [w.text for w in ws[k + 2:k + 3]]
                    if a.text != "FORM" and ("or" in after or "obligations" in after or
                                             "or" in [w.text for w in ws[max(k - 1, 0):k]]):
                        continue  # the caption "Form 4 or Form 5 obligations may continue", never the title
                    rank = (a.text == "FORM", a.size)
                    if best is None or rank > best[0]:
                        best = (rank, b, b.text)
        if best is None:
            return self._form_by_title(page)
        return best[1], best[2]

    def _form_by_title(self, page: Page) -> tuple[Word | None, str | None]:
        """The form its title under "FORM" names where the number after "FORM" went unread (a scan's reading): the
        title's first word and "3" for "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP", "5" for "ANNUAL STATEMENT OF
        CHANGES IN BENEFICIAL OWNERSHIP", "4" for "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"."""
        for line in page.lines:
            text, starts = _line_text(line)
            m = _FORM_TITLE.search(text)
            if m:
                index = max(i for i, s in enumerate(starts) if s <= m.start())
                kind = (m[1] or "").upper()
                return line.words[index], "3" if kind == "INITIAL" else "5" if kind == "ANNUAL" else "4"
        return None, None

    # ---- boxes at the top --------------------------------------------------------------------------------------

    def _find(self, page: Page, pattern: str, *, after: float = -1.0) -> tuple[Line, int] | None:
        """The first line on the page (below `after`) whose text matches, and the index of the word the match
        starts in."""
        rx = re.compile(pattern, re.I)
        for line in page.lines:
            if line.top < after:
                continue
            text, starts = _line_text(line)
            m = rx.search(text)
            if m:
                index = max(i for i, s in enumerate(starts) if s <= m.start())
                return line, index
        return None

    def _cell(self, page: Page, word: Word) -> tuple[float, float, float, float]:
        """The ruled box a label starts in: left and right from the nearest vertical rules, the bottom from the
        nearest horizontal rule below the label's first line; without rules, up to the next numbered label."""
        px = word.x0 + 1
        py = word.middle
        left = max((s.at for s in page.vertical if s.at <= px + 1 and s.a - 2 <= py <= s.b + 2), default=None)
        right = min((s.at for s in page.vertical if s.at > px + 4 and s.a - 2 <= py <= s.b + 2), default=None)
        labels = [w for w in page.words if _NUMBERED.match(w.text) and w is not word and w.x0 <= 0.9 * page.width]
        if left is None:
            left = word.x0 - 3
        if right is None:
            to_right = [w.x0 for w in labels if w.x0 > word.x0 + 20 and abs(w.top - word.top) < 12]
            right = min(to_right) - 3 if to_right else page.width
        below = [s.at for s in page.horizontal
                 if s.at > word.bottom + 1 and s.a <= px + 2 and s.b >= min(right, px + 30) - 2]
        bottom = min(below) if below else None
        if bottom is None:
            under = [w.top for w in labels if w.top > word.bottom and left - 2 <= w.x0 < right]
            bottom = min(under) if under else page.height
        return left, word.top - 1, right, bottom

    def _cell_values(self, page: Page, label: str) -> tuple[list[Line], Line | None]:
        """Lines of a labelled box after its label's own words."""
        found = self._label_head(page, label)
        if found is None:
            return [], None
        line, head = found
        x0, top, x1, bottom = self._cell(page, head)
        words = [w for w in page.words_in(x0, top, x1, bottom)]
        lines = [ln for ln in _lines(words, page.number)]
        return _strip_caption(lines), line

    def _label_head(self, page: Page, label: str) -> tuple[Line, Word] | None:
        """The line holding a box's label, and the label's first word: its number, where the caption has one."""
        found = self._find(page, label)
        if found is None:
            return self._wrapped_label_head(page, label)
        line, index = found
        # The label runs from its number to the end of its caption; find its first word (with the number).
        k = index
        while k > 0 and not _NUMBERED.match(line.words[k].text) and line.words[k - 1].x1 > line.words[index].x0 - 80:
            k -= 1
        return line, line.words[k] if _NUMBERED.match(line.words[k].text) else line.words[index]

    def _wrapped_label_head(self, page: Page, label: str) -> tuple[Line, Word] | None:
        """A box whose caption wraps inside it before its first words end (a page shrunk to fit prints "2. Date of"
        / "Event" / "Requiring" in a narrow box 2): the box whose number starts a caption, read in its box line by
        line, that matches `label`; its line and its number."""
        rx = re.compile(label, re.I)
        for line in page.lines:
            for word in line.words:
                if not _NUMBERED.match(word.text):
                    continue
                x0, top, x1, bottom = self._cell(page, word)
                # The caption's first lines only: the words typed in the box are not its caption.
                below = min(bottom, word.bottom + 4 * max(word.bottom - word.top, 1.0))
                caption = _lines(page.words_in(x0, top, x1, below), page.number)
                if rx.search(" ".join(w.text for ln in caption for w in ln.words)):
                    return line, word
        return None

    def _labelled_date(self, page: Page, label: str) -> Value:
        lines, _ = self._cell_values(page, label)
        # A box whose caption fills it goes on in the cell under it when that cell has no caption of its own (the
        # SEC's Form 3 of 2019 rules box 2 off under "(Month/Day/Year)", leaving the space below it blank): the
        # date typed there is the box's.
        def candidates() -> Iterator[Word]:
            for ln in lines:
                yield from ln.words
            yield from self._cell_below(page, label)  # looked at only when the box itself holds no date

        for w in candidates():
            if _DATE.match(w.text):
                return _value(Kind.DATE, w.text, [w])
        return Value()

    def _cell_below(self, page: Page, label: str) -> list[Word]:
        """The words of the ruled cell right under the box of `label`, when the cell has no caption of its own (no
        numbered label, no hint such as "(Street)" and no caption word); else none."""
        found = self._label_head(page, label)
        if found is None:
            return []
        x0, _, x1, bottom = self._cell(page, found[1])
        if bottom >= page.height:
            return []
        middle = (x0 + x1) / 2
        under = [s.at for s in page.horizontal if s.at > bottom + 2 and s.a <= middle <= s.b]
        if not under:
            return []
        words = page.words_in(x0, bottom, x1, min(under))
        if any(_NUMBERED.match(w.text) or _caption_word(w.text) or w.text in _HINTS for w in words):
            return []
        return words

    def _issuer(self, page: Page) -> Issuer:
        lines, _ = self._cell_values(page, r"Issuer Name")
        text_lines = []
        for ln in lines:
            # The next box's number ends it, also one whose point went unread (a scan's "2" of "2a.").
            if re.match(r"^\d+[a-z]?(?:\.|$)", ln.text) or re.search(r"Foreign Trading Symbol", ln.text, re.I):
                break
            text_lines.append(ln)
            if "[" in " ".join(x.text for x in text_lines) and ln.text.rstrip().endswith("]"):
                break  # the ticker's closing bracket ends the box's value (a box without rules runs on below it)
        words = [w for ln in text_lines for w in ln.words]
        opened = next((k for k, w in enumerate(words) if "[" in w.text), None)
        closed = next((k for k, w in enumerate(words) if opened is not None and k >= opened
                       and w.text.rstrip(".,;").endswith("]")), None)
        if closed is not None:
            # The box's value ends at the ticker's closing bracket, though words follow it: a text whose boxes
            # stand a space apart ("Autodesk, Inc. [ADSK] (Check all applicable)") runs on into the next box.
            words = words[: closed + 1]
        while len(words) > 1 and re.fullmatch(r"[_—–-]+", words[-1].text) and "]" in words[-2].text:
            words.pop()  # a scan's rule after the ticker, read as a dash ("CORP [TFC] _")
        if not words:
            return Issuer()
        text = _without_bracket_strokes(normalize(_join(words)))
        bracket = bracketed_tail(text) or _unclosed_ticker(text)
        if bracket is None:
            return Issuer(name=_text_value(text, words))
        opening, start, end = bracket
        ticker_words = [w for w in words if "[" in w.text or "]" in w.text or _inside_brackets(w, words)]
        if "[" not in text:
            ticker_words = [w for w in words[-2:] if w.text.rstrip("]") in ("", text[start:end])
                            or w.text[1:-1] == text[start:end]]
        name_words = [w for w in words if w not in ticker_words]
        # A ticker one of whose brackets is lost is read, marked for a person to look at.
        sure = None if text.rstrip().endswith("]") and "[" in text else INFERRED
        symbol = text[start:end]
        parts = symbol.split()
        if len(parts) > 1 and min(len(p) for p in parts) == 1 and form.ticker_like("".join(parts)):
            symbol = "".join(parts)  # a letter the reading set apart ("AC R"): no ticker holds a space
        return Issuer(name=_text_value(text[:opening].rstrip(), name_words or words),
                      trading_symbol=_text_value(symbol, ticker_words, sure))

    def _owners(self, page: Page, form_type: str | None) -> list[ReportingOwner]:
        table = self._owner_table()
        first = self._owner_box(page)
        relation = self._relationship_box(page)
        if not table:
            owner = first
            return [_merge(owner, relation)] if owner is not None else []
        owners = []
        for i, row in enumerate(table):
            if i == 0 and first is not None and _same_name(first.name.value, row.name.value):
                # The table prints each line of the address on a line of its own, where box 1 may run the street
                # lines together and wrap them; box 1 fills in what the table leaves out.
                row = _merge(row, first)
                row = _titles_by_ticks(_merge(row, relation, prefer_other=("is_officer", "is_other")))
            owners.append(row)
        return owners

    def _owner_box(self, page: Page) -> ReportingOwner | None:
        found = self._find(page, form.BOX_CAPTIONS["owner"])
        if found is None:
            return None
        label_line, index = found
        k = index
        while k > 0 and not _NUMBERED.match(label_line.words[k].text):
            k -= 1
        head = label_line.words[k]
        right_labels = [w.x0 for w in page.words if _NUMBERED.match(w.text) and w.x0 > head.x0 + 40
                        and abs(w.top - head.top) < 12]
        x0, x1 = head.x0 - 4, (min(right_labels) - 2 if right_labels else page.width)
        region = [ln for ln in _lines(page.words_in(x0, label_line.bottom - 1, x1, page.height), page.number)]
        captions: dict[str, Line] = {}
        for ln in region:
            t = ln.text
            for key in _HINTS:
                if key not in captions and key.lower() in t.lower():
                    captions[key] = ln
            if _CITY in captions and _COUNTRY in captions:
                break
            if re.match(r"^Table I\b", t):
                break
        if _LAST not in captions:
            return None
        last, street = captions[_LAST], captions.get(_STREET)
        city = captions.get(_CITY)

        def between(a: Line | None, b: Line | None) -> list[Line]:
            lo = a.bottom if a is not None else label_line.bottom
            hi = b.top if b is not None else lo + 40
            return [ln for ln in region if ln.top >= lo - 0.5 and ln.bottom <= hi + 0.5 and ln is not a and ln is not b]

        name_lines = [ln for ln in region if label_line.bottom - 1 <= ln.top and ln.bottom <= last.top + 0.5
                      and ln is not last and ln is not label_line]
        name_words = [w for ln in name_lines for w in ln.words if not _is_caption(w.text)]
        owner: dict[str, Value] = {}
        if name_words:
            owner["name"] = _text_value(_join(name_words), name_words)
        street_lines = [ln for ln in between(last, street) if not all(_is_caption(w.text) for w in ln.words)]
        street_lines = [Line([w for w in ln.words if not _is_caption(w.text)], ln.page) for ln in street_lines]
        street_lines = _unwrapped([ln for ln in street_lines if ln.words], page, head.x0)
        if street_lines:
            owner["street1"] = _text_value(street_lines[0].text, street_lines[0].words)
        if len(street_lines) > 1:
            rest = [w for ln in street_lines[1:] for w in ln.words]
            owner["street2"] = _text_value(_join(rest), rest)
        if street is not None and city is not None:
            near = [w for w in page.words if abs(w.top - city.top) < 12 and x0 <= w.x0 < x1 and w.text.startswith("(")]
            cols = {w.text.lower().strip("()/").split("/")[0]: w for w in near}
            state_x = cols["state"].x0 - 3 if "state" in cols else None
            zip_x = cols["zip"].x0 - 3 if "zip" in cols else None
            place = [w for ln in between(street, city) for w in ln.words if not _is_caption(w.text)]
            place_line = Line(_reading(place), page.number) if place else None
            parsed = form.parse_city_line(place_line.text) if place_line is not None else None
            if state_x is not None and zip_x is not None and parsed is not None and place_line is not None:
                # Under the captions where the parts stand apart under them (a city filed "NEW YORK," keeps its
                # comma); else as one "CITY, ST ZIP" line, however it stands under them.
                split = {key: normalize(_join([w for w in place if lo <= w.x0 < hi])) for key, lo, hi in
                         (("state", state_x, zip_x), ("zip_code", zip_x, float("inf")))}
                if any(split[key] != (place_line.text[span[0]:span[1]] if span else "") for key, span in
                       (("state", parsed.state), ("zip_code", parsed.zip_code))):
                    state_x = zip_x = None
            if place_line is not None and parsed is not None and (state_x is None or zip_x is None):
                for key in ("city", "state", "zip_code"):
                    span = getattr(parsed, key)
                    if span is not None:
                        owner[key] = _text_value(place_line.text[span[0]:span[1]], _span_words(place_line, span))
            elif state_x is not None and zip_x is not None:
                groups = {"city": [w for w in place if w.x0 < state_x],
                          "state": [w for w in place if state_x <= w.x0 < zip_x],
                          "zip_code": [w for w in place if w.x0 >= zip_x]}
                for key, ws in groups.items():
                    if ws:
                        owner[key] = _text_value(_join(ws), ws)
            elif place:
                owner["city"] = _text_value(_join(place), place, confidence=UNPARSED)
            country = captions.get(_COUNTRY)
            if country is not None:
                words = [w for ln in between(city, country) for w in ln.words if not _is_caption(w.text)]
                text = normalize(_join(words))
                if words and text.upper() != "UNITED STATES":
                    owner["state_description"] = _text_value(text, words)
        return ReportingOwner(**owner)

    def _relationship_box(self, page: Page) -> ReportingOwner:
        lines, label = self._cell_values(page, form.BOX_CAPTIONS["relationship"])
        if label is None:
            return ReportingOwner()
        ticks: dict[str, Value] = {}
        words = [w for ln in lines for w in ln.words]
        keys = {"is_director": r"^Director$", "is_ten_percent_owner": r"^10%$", "is_officer": r"^Officer$",
                "is_other": r"^Other$"}
        for key, rx in keys.items():
            for ln in lines:
                hit = next((i for i, w in enumerate(ln.words) if re.match(rx, w.text)), None)
                if hit is None:
                    continue
                ticks[key] = self._tick_before(page, ln, hit)
                break
        # The officer's title and the "other" text are printed under the boxes, after the last "below)".
        after = 0
        for i, ln in enumerate(lines):
            if re.search(r"below\)|\(specify|\(give title|Check all applicable", ln.text, re.I):
                after = i + 1
        # The title ends where another box begins: its number, or a check box with its caption ("_X_ Form filed by
        # One Reporting Person" when box 6 stands under box 5 without a rule between them).
        tail = []
        for ln in lines[after:]:
            if re.fullmatch(r"_{8,}", ln.text):
                continue  # the line the title is written on (the SEC's form of 2026, as text), no check box
            if _NUMBERED.match(ln.text) or form.TICK_BOX_LINE.match(ln.text) or form.GROUP_BOX_TEXT.search(ln.text):
                break
            tail.append(ln)
        tail_words = [w for ln in tail for w in ln.words if w in words and not re.match(r"^_+$", w.text)]
        text = normalize(_join(tail_words))
        if text:
            officer = ticks.get("is_officer", Value()).value
            other = ticks.get("is_other", Value()).value
            key = "other_text" if other and not officer else "officer_title"
            ticks[key] = _text_value(text, tail_words)
        return ReportingOwner(**ticks)

    def _tick_before(self, page: Page, line: Line, index: int) -> Value:
        """Whether the box before a caption ("__X__ Director", "[X] Director", a drawn box) is ticked."""
        word = line.words[index]
        if index > 0:
            prev = line.words[index - 1]
            if word.x0 - prev.x1 < 3 * word.size:
                # "__X__", "[X]", "X" or "_____" (a blank), possibly glued to the caption before ("below)__X__").
                m = form.TICK_BEFORE.search(prev.text)
                if m:
                    ticked = bool(re.search(r"[Xx✓✔]", m[1]))
                    mark = None if ticked else _mark_on(page, prev)
                    if mark is not None:
                        return Value(True, raw=mark.text, source=_box(mark), confidence=SURE)
                    return Value(ticked, raw=m[1], source=_box(prev), confidence=SURE)
        for box in page.boxes:
            if box.x1 <= word.x0 + 1 and word.x0 - box.x1 < 30 and box.top - 3 <= word.middle <= box.bottom + 3:
                return Value(box.ticked, raw="[X]" if box.ticked else "[ ]",
                             source=_pbox(page.number, box.x0, box.top, box.x1, box.bottom), confidence=SURE)
        # A mark in a cell of its own before the caption, set in the middle of a caption of two lines ("X" beside
        # "Officer (give title / below)" on sec.gov's page printed): a little lower or higher than the caption.
        for w in page.words:
            if (w.x1 <= word.x0 + 1 and word.x0 - w.x1 < 30 and abs(w.middle - word.middle) < word.size
                    and form.TICKED.fullmatch(w.text)):
                return Value(True, raw=w.text, source=_box(w), confidence=SURE)
        # A blank drawn as a short rule at the foot of the caption's line ("____ Director" on the SEC's Form 3 of
        # 2019), no mark on it: the box is not ticked.
        for seg in page.horizontal:
            if (4 <= seg.b - seg.a <= 6 * word.size and 0 <= word.x0 - seg.b <= word.size
                    and word.top <= seg.at <= word.bottom + word.size / 2):
                return Value(False, raw="", source=_pbox(page.number, seg.a, seg.at - word.size, seg.b, seg.at),
                             confidence=SURE)
        return Value(False, raw="", source=_box(word), confidence=INFERRED)

    def _check(self, page: Page, label: str) -> Value:
        """A check box printed before (or above and before) a caption."""
        found = self._find(page, label)
        if found is None:
            return Value()
        line, index = found
        word = line.words[index]
        if index > 0:
            prev = line.words[index - 1]
            if form.TICKED.fullmatch(prev.text):
                return Value(True, raw=prev.text, source=_box(prev), confidence=SURE)
            if re.fullmatch(r"_+|\[\s*\]", prev.text):
                mark = _mark_on(page, prev)
                if mark is not None:
                    return Value(True, raw=mark.text, source=_box(mark), confidence=SURE)
                return Value(False, raw=prev.text, source=_box(prev), confidence=SURE)
        lead = word
        near = [box for box in page.boxes
                if box.x1 <= lead.x0 + 2 and lead.x0 - box.x1 < 40 and box.top - 8 <= lead.middle <= box.bottom + 8]
        if near:
            box = min(near, key=lambda b: abs((b.top + b.bottom) / 2 - lead.middle))
            return Value(box.ticked, raw="[X]" if box.ticked else "[ ]",
                         source=_pbox(page.number, box.x0, box.top, box.x1, box.bottom), confidence=SURE)
        left = [w for w in page.words if w.x1 <= lead.x0 + 1 and lead.x0 - w.x1 < 30
                and abs(w.middle - lead.middle) < lead.size]
        for w in left:
            if form.TICKED.fullmatch(w.text):
                return Value(True, raw=w.text, source=_box(w), confidence=SURE)
            if re.fullmatch(r"_+|\[\s*\]", w.text):
                mark = _mark_on(page, w)
                if mark is not None:
                    return Value(True, raw=mark.text, source=_box(mark), confidence=SURE)
                return Value(False, raw=w.text, source=_box(w), confidence=SURE)
        return Value()

    # ---- the "Reporting Owners" table -------------------------------------------------------------------------

    def _owner_table(self) -> list[ReportingOwner]:
        pages = self.layout.pages
        for p, page in enumerate(pages):
            found = self._find(page, r"^Reporting Owners?$")
            if found is None:
                continue
            heading = found[0]
            head = self._find(page, r"Director", after=heading.bottom)
            if head is None and p + 1 < len(pages):
                # The heading ended a page; the table starts on the next.
                page = pages[p + 1]
                head = self._find(page, r"Director")
                if head is not None and head[0].top > page.height / 3:
                    head = None
            if head is None:
                continue
            head_line = head[0]
            spans = _caption_spans(head_line)
            if len(spans) < len(form.RELATIONSHIP_CAPTIONS):
                continue
            band_top, band_bottom = head_line.top, head_line.bottom
            # Rules between the columns may be drawn only beside the rows, not the captions.
            bounds = _bounds(page, spans, band_top, band_bottom + 30)
            right = _table_right(page, spans[-1][1], band_top)
            all_rows: list[list[Word]] = []
            top = head_line.bottom
            number = page.number
            last_open = False
            while True:
                end = self._section_end(page, top)
                words = [w for w in page.words if top + 0.5 < w.middle < end and w.center < right
                         and not self._furniture_word(page, w)]
                x_left = min((w.x0 for w in words), default=heading.x0) - 2
                rows, ruled, open_end = _split_rows(page, words, top, end, x_left, right)
                if rows and all_rows and (last_open or not _has_city_line(all_rows[-1], bounds[1])
                                          or _address_tail(rows[0], bounds[1])
                                          or _country_tail(all_rows[-1], rows[0], bounds[1])):
                    # A row the page cut goes on at the top of the next page (seen by its rules, by an address
                    # that has not reached its city yet, or by the rest of one: its ZIP, its country).
                    all_rows[-1].extend(rows.pop(0))
                all_rows.extend(rows)
                last_open = ruled and open_end
                if end < page.height or number >= len(pages):
                    break
                page = pages[number]
                number = page.number
                top = 0.0
            # What the filing prints after the form outside this table (footnotes, remarks, signatures), where a
            # wrapped name may stand whole. Not the boxes at the top: box 1's name stands beside box 2's issuer,
            # often the company an owner's mail goes through.
            all_rows = [part for row in all_rows for part in _owner_blocks(row, bounds[1])]
            in_table = {id(w) for row in all_rows for w in row}
            starts = [(p, heading.top)] + [
                (k, ln.top) for k, pg in enumerate(pages) for ln in pg.lines if form.EXPLANATION_HEADING.match(ln.text)]
            start = min(starts)
            elsewhere = " ".join(w.text for k, pg in enumerate(pages) for ln in pg.lines if (k, ln.top) >= start
                                 for w in ln.words if id(w) not in in_table).upper()
            owners: list[ReportingOwner] = []
            for row in all_rows:
                cells: list[list[Word]] = [[] for _ in range(5)]
                for phrase in _phrases(pages, row):
                    # A phrase goes where it starts: a title running past its column's middle stays in it.
                    k = sum(1 for b in bounds if phrase[0].center >= b)
                    cells[k].extend(phrase)
                owners.append(self._owner_row(cells, elsewhere))
            return [o for o in owners if not o.name.empty]
        return []

    def _owner_row(self, cells: list[list[Word]], elsewhere: str = "") -> ReportingOwner:
        lines = [ln for page in sorted({w.page for w in cells[0]})
                 for ln in _lines([w for w in cells[0] if w.page == page], page)]
        fields: dict[str, Value] = {}
        if not lines:
            return ReportingOwner()
        name_lines = [lines[0]]
        # A name too long for the column wraps; a line of only a company's suffix ("INC.", "L.P.") finishes it.
        while len(lines) > len(name_lines) and form.NAME_SUFFIX.fullmatch(lines[len(name_lines)].text):
            name_lines.append(lines[len(name_lines)])
        # A line ending with a company's suffix finishes it too where the filing prints the name so joined
        # elsewhere ("... Fund II" / "GP, LLC", signed or named in a footnote as "... Fund II GP, LLC"); without
        # that it may be a company the mail goes through, the first line of the address.
        if len(lines) > len(name_lines) + 1:
            more, after = lines[len(name_lines)], lines[len(name_lines) + 1]
            joined = " ".join(w.text for ln in [*name_lines, more] for w in ln.words).upper()
            if form.NAME_SUFFIX.fullmatch(more.words[-1].text) and not any(c.isdigit() for c in more.text) and \
                    form.printed_alone(joined.rstrip(","), after.words[0].text, elsewhere):
                name_lines.append(more)
        name_words = [w for ln in name_lines for w in ln.words]
        fields["name"] = _text_value(_join(name_words), name_words,
                                     confidence=WRAPPED if len(name_lines) > 1 else None)
        rest = lines[len(name_lines):]
        fields.update(_address_fields(rest))
        for key, k in (("is_director", 1), ("is_ten_percent_owner", 2)):
            ticked = [w for w in cells[k] if w.text in ("X", "x", "✓", "✔")]
            fields[key] = Value(bool(ticked), raw=ticked[0].text if ticked else "",
                                source=_box(ticked[0]) if ticked else None, confidence=SURE)
        title = [w for w in cells[3] if w.text not in ("X", "x")]
        other = [w for w in cells[4] if w.text not in ("X", "x")]
        # The table shows an officer's title and the "other" text, not the boxes: a title means the box was ticked.
        fields["is_officer"] = Value(bool(cells[3]), raw=_join(_reading(cells[3])) if cells[3] else None,
                                     source=_union(cells[3]), confidence=INFERRED)
        fields["is_other"] = Value(bool(cells[4]), raw=_join(_reading(cells[4])) if cells[4] else None,
                                   source=_union(cells[4]), confidence=INFERRED)
        if title:
            fields["officer_title"] = _text_value(_join(_reading(title)), title)
        if other:
            fields["other_text"] = _text_value(_join(_reading(other)), other)
        return ReportingOwner(**fields)

    def _section_end(self, page: Page, after: float) -> float:
        """Where a table that starts at `after` ends: at the next section's line, or at one of the form's own starred
        instructions, which the SEC's Form 3 prints under Table I ("* If the form is filed by more than one
        reporting person ...")."""
        for line in page.lines:
            # A section's line touching the last of the header's ("Reporting Owners" at the top of a page under the
            # ends of a header the page before cut) ends the table as well.
            if line.top > after - 0.5 and (_SECTION_END.match(line.text) or _FORM_STARRED.match(line.text)) \
                    and not _FURNITURE.match(line.text):
                return line.top - 0.5
        return page.height

    # ---- tables ----------------------------------------------------------------------------------------------

    def _tables(self, form_type: str) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {t: [] for t in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS,
                                                    DERIVATIVE_TRANSACTIONS, DERIVATIVE_HOLDINGS)}
        specs = {"I": T1_FORM3 if form_type == "3" else T1_TRANSACTIONS,
                 "II": T2_FORM3 if form_type == "3" else T2_TRANSACTIONS}
        for which, columns in specs.items():
            for cells in self._table_rows(which, columns):
                row = self._row(which, form_type, columns, cells)
                if row is not None:
                    out[row.table].append(row)
        return out

    def _table_rows(self, which: str, columns: Sequence[Column]) -> list[dict[str, list[Word]]]:
        """The rows of Table I or II: for each, the words under each field's column."""
        title = _TABLE_TITLES[which]
        rows: list[dict[str, list[Word]]] = []
        grid: _Grid | None = None
        last_open = False
        pages = self.layout.pages
        p = 0
        while p < len(pages):
            page = pages[p]
            start = None
            if grid is None:
                for line in page.lines:
                    if title.search(line.text):
                        start = line.bottom
                        break
                if start is None:
                    p += 1
                    continue
                grid = self._grid(page, columns, start)
                if grid is None and p + 1 < len(pages):
                    # The title ended a page; the headers start the next.
                    grid = self._grid(pages[p + 1], columns, -1.0, first_only=True)
                    if grid is not None:
                        p += 1
                        page = pages[p]
                if grid is None:
                    self.notes.append(f"Table {which}: its column headers were not found; rows not read")
                    return rows
                top = grid.data_top
                continuing = False
            else:
                # A table that ran to the foot of a page goes on at the top of the next; a repeated header
                # there gives the columns afresh.
                header = None
                lead = [ln for ln in page.lines if not _FURNITURE.match(ln.text) and not title.search(ln.text)]
                if lead and sum(1 for w in lead[0].words if _NUMBERED.match(w.text)) >= 3:
                    header = self._grid(page, columns, lead[0].top - 1, first_only=True)
                top = 0.0
                if header is not None and header.data_top < page.height / 2:
                    grid, top = header, header.data_top
                else:
                    # A header the page cut goes on at the top of the next page: skip what is left of it, through
                    # a line or two that read as neither captions nor data (a scan's caption read "Titl" and
                    # "me") where captions go on after them, as under the captions' numbers (`_Grid.build`).
                    unplaced = 0
                    for line in page.lines:
                        if _FURNITURE.match(line.text):
                            continue
                        if _SECTION_END.match(line.text) and unplaced and top > 0:
                            # The table ended with its header: what stood between it and the next section is the
                            # header's, read wrong (a scan's "Poot" for the ends of its cells' borders), and no
                            # row. (Where no header line opened the page, such lines are the last row's, going
                            # on.) The section's end is looked for below the top by more than half a point.
                            top = line.top - 1.0
                            break
                        if _SECTION_END.match(line.text) or _is_data_line(line):
                            break
                        if _is_header_line(line):
                            top, unplaced = line.bottom + 0.5, 0
                        else:
                            unplaced += 1
                            if unplaced > _UNPLACED_HEADER_LINES:
                                break
                continuing = True
            end = self._section_end(page, top)
            words = [w for w in page.words if top < w.middle < end and w.center >= grid.left - 2
                     and not _FURNITURE.match(w.text) and id(w) not in self.used]
            words = [w for w in words if not self._furniture_word(page, w)]
            found, ruled, open_end = _split_rows(page, words, top, end, grid.left, grid.right)
            if continuing and found and rows and (last_open or all(
                    form.FOOTNOTE_MARK.fullmatch(w.text) for w in found[0])):
                # The last row of the previous page had no rule under it, or what opens this page is footnote marks
                # alone (no row is only marks: a price's "(26)" the page cut from its row): it goes on here.
                for key, ws in grid.assign(found.pop(0), self.doubts, page).items():
                    rows[-1].setdefault(key, []).extend(ws)
            for r in found:
                check_time()
                rows.extend(self._placed(grid.fields, grid.assign(part, self.doubts, page))
                            for part in _rows_by_ownership(r, grid))
            last_open = ruled and open_end
            if end < page.height:
                break
            p += 1
        return rows

    def _placed(self, fields: Sequence[str], cells: dict[str, list[Word]]) -> dict[str, list[Word]]:
        """A row's words by field: as their places gave them, or, where a cell cannot be its field's (two amounts
        in one, a price under the amount owned), its values set in the columns by kind and order
        (`row_kinds.placed`); a value so moved is marked as placed by inference."""
        kinds = row_kinds.placed(fields, cells)
        if kinds is None:
            return cells
        where = {id(w): name for name, ws in cells.items() for w in ws}
        for name, ws in kinds.items():
            for w in ws:
                if where.get(id(w)) != name:
                    self.doubts[id(w)] = min(self.doubts.get(id(w), 1.0), INFERRED)
        return kinds

    def _furniture_word(self, page: Page, word: Word) -> bool:
        return id(word) in self.furniture

    def _grid(self, page: Page, columns: Sequence[Column], after: float, *,
              first_only: bool = False) -> _Grid | None:
        """Column bounds from the numbered headers found below `after`."""
        wanted = [c.number for c in columns]
        for line in page.lines:
            if line.top <= after:
                continue
            if _SECTION_END.match(line.text) and not _FURNITURE.match(line.text):
                # The next section: a header under it is another table's (Table II's under an empty Table I whose
                # own header went unread).
                return None
            numbered = [(m[1].upper(), w) for w in line.words if (m := _NUMBERED.match(w.text))]
            if len(numbered) >= 3:
                # Among the captions' numbers, one with its full stop read as a comma by a scan's reading ("4,").
                numbered += [(m[1].upper(), w) for before, w in zip([None, *line.words], line.words, strict=False)
                             if (m := _NUMBERED_COMMA.fullmatch(w.text))
                             and not (before and _INSTR.match(before.text.lower()))]  # "(Instr. 3, 4 and 5)"
                numbered.sort(key=lambda n: n[1].x0)
            labels = {}
            for num, w in numbered:
                if num in wanted and num not in labels:
                    labels[num] = w
                elif num in labels:
                    # A number printed twice, the second standing where the next one goes (the SEC's Form 3 of
                    # 2019 numbers Table I's last columns "3. Ownership Form" and "3. Nature of Indirect
                    # Beneficial Ownership"): the second is the next column's, when the line has no such number.
                    following = wanted[wanted.index(num) + 1] if wanted.index(num) + 1 < len(wanted) else None
                    if (following is not None and following not in labels
                            and all(n != following for n, _ in numbered) and w.x0 > labels[num].x1):
                        labels[following] = w
            first = line.words[0]
            if "1" not in labels and len(labels) >= 2 and first.text.lower() == "title" \
                    and all(first.x1 < w.x0 for w in labels.values()):
                labels["1"] = first  # column 1's caption, its number lost on a scan ("Title of Security")
            if len(labels) < max(3, len(wanted) - 2) or "1" not in labels:
                if first_only and line.top > page.height / 3:
                    return None
                continue
            return _Grid.build(page, columns, labels, line)
        return None

    def _row(self, which: str, form_type: str, columns: Sequence[Column],
             cells: dict[str, list[Word]]) -> Row | None:
        letter = cells.get("acquired_disposed", [])
        if (len(letter) >= 2 and not cells.get("shares") and letter[-1].text in ("A", "D")
                and all(abs(w.middle - letter[-1].middle) < w.size for w in letter)
                and _field_value("shares", letter[:-1]).value is not None):
            # The amount and its (A) or (D) a space apart in the letter's column ("9,136 D": a text conversion
            # sets them so), the Amount's column empty: the column holds the letter only, the amount is the Amount.
            cells = {**cells, "shares": letter[:-1], "acquired_disposed": letter[-1:]}
        price = cells.get("price_per_share", [])
        lone = [w for w in price if w.text in ("A", "D")]
        if len(lone) == 1 and not cells.get("acquired_disposed") and any("acquired_disposed" in c.fields for c in columns):
            # The letter set nearer the price than its own caption ("$ D 162.77"): no price holds one.
            cells = {**cells, "acquired_disposed": lone, "price_per_share": [w for w in price if w is not lone[0]]}
        values: dict[str, Value] = {}
        for name, words in cells.items():
            if name == "shares_acquired" or name == "shares_disposed":
                continue
            values[name] = self._doubted(_field_value(name, words), words)
        for name, ad in (("shares_acquired", "A"), ("shares_disposed", "D")):
            amount = self._doubted(_field_value("shares", cells.get(name, [])), cells.get(name, []))
            if amount.value is not None or amount.footnotes:
                if "shares" not in values or values["shares"].value is None:
                    values["shares"] = amount
                    values["acquired_disposed"] = Value(_column_mark(amount) or ad, raw=amount.raw,
                                                        source=amount.source, confidence=amount.confidence)
        shares = values.get("shares")
        mark = _column_mark(shares) if shares is not None else None
        if shares is not None and mark is not None and values.get("acquired_disposed", Value()).value is None:
            values["acquired_disposed"] = Value(mark, raw=shares.raw, source=shares.source,
                                                confidence=shares.confidence)
        coding = values.get("transaction_code")
        if coding is not None and coding.raw and coding.value is not None:
            text = str(coding.value)
            if "/K" in text.upper():
                values["transaction_code"] = Value(text.upper().split("/")[0], coding.footnotes, coding.raw,
                                                   coding.source, coding.confidence)
                values["equity_swap_involved"] = Value(True, raw=coding.raw, source=coding.source,
                                                       confidence=coding.confidence)
        timeliness = values.get("transaction_timeliness")
        if timeliness is not None:
            values["transaction_timeliness"] = Value(footnotes=timeliness.footnotes, raw=timeliness.raw,
                                                     source=timeliness.source, confidence=timeliness.confidence)
        # Amounts printed with "$" in an amount column are values, not numbers of shares.
        for counted, worth in (("shares_owned_following", "value_owned_following"), ("shares", "total_value")):
            amount_or_worth = values.get(counted)
            if amount_or_worth is not None and amount_or_worth.raw and amount_or_worth.raw.lstrip().startswith("$"):
                values[worth] = amount_or_worth
                values[counted] = Value()
        if not any(v.value is not None or v.footnotes for v in values.values()):
            return None
        transaction = form_type != "3" and any(
            values.get(k, Value()).value is not None
            for k in ("transaction_date", "transaction_code", "shares", "total_value"))
        if which == "I":
            table = NON_DERIVATIVE_TRANSACTIONS if transaction else NON_DERIVATIVE_HOLDINGS
        else:
            table = DERIVATIVE_TRANSACTIONS if transaction else DERIVATIVE_HOLDINGS
        from ..model import TABLE_FIELDS

        allowed = TABLE_FIELDS[table]
        return Row(table=table, **{k: v for k, v in values.items() if k in allowed})

    def _doubted(self, value: Value, words: list[Word]) -> Value:
        worst = min((self.doubts.get(id(w), 1.0) for w in words), default=1.0)
        if worst < value.confidence and not value.empty:
            return dataclasses.replace(value, confidence=worst)
        return value

    # ---- footnotes, remarks, signatures -------------------------------------------------------------------------

    def _region_after(self, pattern: str) -> list[Line]:
        """Lines after a heading up to the next section, across pages; page furniture left out."""
        rx = re.compile(pattern, re.I)
        out: list[Line] = []
        started = False
        for page in self.layout.pages:
            for line in page.lines:
                text = line.text
                if not started:
                    if rx.match(text):
                        started = True
                        rest = _after_heading(line, pattern)
                        if rest:
                            out.append(Line(rest, page.number))
                    continue
                if _FURNITURE.match(text):
                    continue
                if _SECTION_END.match(text) or re.match(r"^\*+\s*Signature", text):
                    return out
                words = [w for w in line.words if id(w) not in self.used]
                if words:
                    out.append(Line(words, page.number))
        return out

    def _footnotes(self) -> list[Footnote]:
        lines = self._region_after(r"^Explanation of Responses")
        # "* If the form is filed by more than one..." and "** Intentional misstatements" are the form's own, with
        # any word of theirs a scan's reading set on a line of its own beside them ("see").
        starred = [ln for ln in lines if re.match(r"^\*", ln.text) or _FORM_STARRED.search(ln.text)
                   or _FORM_STATEMENT.search(ln.text)]
        lines = [ln for ln in lines if not any(
            s.page == ln.page and min(s.bottom, ln.bottom) - max(s.top, ln.top) > 0.5 * (ln.bottom - ln.top)
            for s in starred)]  # a starred line overlaps itself
        if not lines:
            return []
        margin = min(ln.x0 for ln in lines)
        entries: list[tuple[Line, str | None, list[Word]]] = []
        loose: list[tuple[Line, str]] = []
        mark_middle: dict[int, float] = {}  # by id of an entry's line: the middle of its mark
        last = 0  # the number of the last mark that opened a note
        in_order = _marks_in_order(lines, margin)
        for at, ln in enumerate(lines):
            first = ln.words[0]
            text, size = first.text, 1
            if at in in_order:
                text = f"({in_order[at]})"
            if len(ln.words) > 1 and re.fullmatch(r"\(\d{1,3}", text) and ln.words[1].text == ")" \
                    and ln.words[1].x0 - first.x1 < first.bottom - first.top:
                text, size = text + ")", 2  # a bold mark whose closing bracket was read as a word ("(2 )")
            broken = _BROKEN_MARK.fullmatch(text)
            if broken and int(broken[1] or broken[2]) == last + 1:
                # A scan's mark with a bracket lost or misread ("(4", "4)", "(4]"), where it is the next mark.
                text = f"({broken[1] or broken[2]})"
            elif re.fullmatch(r"\d{1,3}", text) and int(text) == last + 1 \
                    and not any(c.isalnum() for w in ln.words[1:] for c in w.text):
                # The next mark alone on its line, beside the middle of its note, with both brackets lost and
                # perhaps a speck beside it (a scan's "2 ~" for "(2)").
                text, size = f"({text})", len(ln.words)
            m = re.fullmatch(r"\((\d{1,3})\)|(\d{1,3})\.", text)
            if m and first.x0 <= margin + 3:
                last = int(m[1] or m[2])
                # No note opens with a closing bracket or quote: one after the mark is a piece of the mark (a
                # scan's "(6) )").
                rest = ln.words[size:]
                while rest and re.fullmatch(r"[)\]}’']+", rest[0].text):
                    rest = rest[1:]
                if not rest:
                    loose.append((ln, m[1] or m[2]))  # a mark set beside the middle of a note of two lines
                else:
                    entries.append((ln, m[1] or m[2], rest))
                    mark_middle[id(ln)] = first.middle
            else:
                entries.append((ln, None, ln.words))
        if len(loose) + sum(1 for e in entries if e[1] is not None) > MAX_FOOTNOTE_MARKS:
            raise PdfLimitError(self.name, f"the explanation of responses has more than {MAX_FOOTNOTE_MARKS:,} "
                                "footnote marks; a Form 3, 4 or 5 has a few dozen")
        unmarked: dict[int, list[int]] = {}  # entries without a mark, by page, in order
        for i, e in enumerate(entries):
            if e[1] is None:
                unmarked.setdefault(e[0].page, []).append(i)
        for ln, mark in loose:
            check_time()
            near = unmarked.get(ln.page, [])
            if near:
                i = min(near, key=lambda i: abs(entries[i][0].top - ln.top) + (0 if entries[i][0].top <= ln.top else 0.1))
                entries[i] = (entries[i][0], mark, entries[i][2])
                mark_middle[id(entries[i][0])] = (ln.top + ln.bottom) / 2
                near.remove(i)
        entries.sort(key=lambda e: (e[0].page, e[0].top))
        # Blocks separated by more space than the lines of one note; a mark set beside the middle of its note
        # (EDGAR's page) belongs to the whole block, marks at the start of lines start notes of their own. The
        # space is measured between the lines' bodies, so that one word boxed taller than its line (a scan's
        # misread digit) does not close the gap the other words leave; a line whose body is much taller than the
        # others' (a scan's word set on a line of its own, boxed over two lines) leaves no gap to measure, and nor
        # do two lines that overlap by half the shorter one's height or more (a scan's line read in two pieces, one
        # a little higher: "**" read "eK" beside the rest of its line); nor does a line whose body is less than half
        # as high as the others' (a scan's stray comma read on a line of its own, which overlapped the line above),
        # nor a line of a mark and a word at most that overlaps the next or the last (a scan's mark set beside the
        # middle of a note of four lines, between its second and third lines, read with a speck beside it).
        bodies = [_body(e[0]) for e in entries]
        highs = sorted(b[1] - b[0] for b in bodies)
        tall = 1.5 * highs[len(highs) // 2] if highs else 0.0
        short = 0.5 * highs[len(highs) // 2] if highs else 0.0
        gaps = [b[0] - a[1] for a, b, ea, eb in zip(bodies, bodies[1:], entries, entries[1:], strict=False)
                if ea[0].page == eb[0].page and short <= a[1] - a[0] <= tall and short <= b[1] - b[0] <= tall
                and a[1] - b[0] < 0.5 * min(a[1] - a[0], b[1] - b[0])
                and (b[0] >= a[1] or not _mark_and_speck(ea) and not _mark_and_speck(eb))]
        usual = min(gaps) if gaps else 0.0
        blocks: list[list[tuple[Line, str | None, list[Word]]]] = []
        for i, entry in enumerate(entries):
            prev = entries[i - 1][0] if i else None
            gap = bodies[i][0] - bodies[i - 1][1] if i else 0.0
            # A mark alone on its line between the two (moved onto a line of its note) fills the space it stood in.
            for ln, _ in loose:
                if prev is not None and ln.page == prev.page and bodies[i - 1][1] <= ln.top and ln.bottom <= bodies[i][0]:
                    gap = max(ln.top - bodies[i - 1][1], bodies[i][0] - ln.bottom)
            if prev is None or entry[0].page != prev.page or gap > usual + 2.0:
                blocks.append([entry])
            else:
                blocks[-1].append(entry)
        blocks = _cut_notes_carried_over(blocks)
        notes: dict[str, list[Word]] = {}
        order: list[str] = []
        current: str | None = None
        previous_page = 0
        for block in blocks:
            marks = [e[1] for e in block if e[1] is not None]
            # A block that opens a page without a mark may finish the note the last page broke off, the next note
            # following without a gap; unless its one mark stands in its middle (EDGAR's page sets marks so).
            continues = bool(block[0][0].page != previous_page and previous_page and block[0][1] is None)
            if continues and len(marks) == 1:
                at = next(i for i, e in enumerate(block) if e[1] is not None)
                below = len(block) - at - 1
                continues = not (at <= below <= at + 1)
            previous_page = block[-1][0].page
            if len(marks) == 1 and not continues:
                current = marks[0]
                if current not in notes:
                    order.append(current)
                    notes[current] = []
                for e in block:
                    notes[current].extend(e[2])
                continue
            if len(marks) > 1 and not continues and (loose or block[0][1] is None
                                                     or _reads_centred(block, mark_middle)):
                # Marks set beside the middle of their notes, run together in one block (a scan's lines, whose
                # gaps the engine's boxes close): each note ends where its mark stands in its middle.
                for number, part in _centred_notes(block, mark_middle):
                    current = number
                    if current not in notes:
                        order.append(current)
                        notes[current] = []
                    for e in part:
                        notes[current].extend(e[2])
                continue
            for e in block:
                if e[1] is not None:
                    current = e[1]
                    if current not in notes:
                        order.append(current)
                        notes[current] = []
                if current is not None:
                    notes[current].extend(e[2])
        out = []
        for number in order:
            words = notes[number]
            text = normalize(_join(words))
            if not words:
                continue
            out.append(Footnote(id=f"F{number}", text=_text_value(text, words)))
        return out

    def _no_securities(self) -> Value:
        """The line "No securities are beneficially owned." that a printout sets for the Form 3 box of that name
        (in the remarks' place, or under Table I): it sets the flag and is kept out of the remarks."""
        for page in self.layout.pages:
            for line in page.lines:
                m = form.NO_SECURITIES_LINE.match(line.text)
                if m and len(line.text) - m.end() < 3:
                    for w in line.words:
                        self.used.add(id(w))
                    return Value(True, raw=line.text, source=_union(line.words), confidence=SURE)
        return Value()

    def _remarks(self) -> Value:
        lines = self._region_after(r"^Remarks:?")
        words = [w for ln in lines for w in ln.words]
        if not words:
            return Value()
        return _text_value(_join(words), words)

    def _signatures(self) -> list[Signature]:
        out = []
        for page in self.layout.pages:
            for i, line in enumerate(page.lines):
                if not form.is_signature_caption(line.text):
                    continue
                caption = [w for w in line.words if w.text.lower().strip("*") in ("signature", "**signature")]
                cap = caption[0] if caption else line.words[0]
                date_caption = None
                for other in page.lines[max(0, i - 2): i + 3]:
                    for w in other.words:
                        if w.text == "Date" and w.x0 > cap.x0 and abs(w.top - line.top) < 14:
                            date_caption = w
                date_word = None
                edge = line.top
                above = [ln for ln in page.lines if ln.bottom <= edge + 1 and ln.top > edge - 120
                         and not _FURNITURE.match(ln.text)]
                # The signature is written on the rule the caption stands under, from the rule's left end ("/s/"
                # starts there); without a rule, near the caption.
                rules = [s for s in page.horizontal if line.top - 14 <= s.at <= line.top + 2 and s.a <= cap.x0 <= s.b]
                if not above and page.number > 1:
                    # The page broke between the signature and its caption: the signature ends the page before,
                    # over its rule at the foot of that page.
                    previous = self.layout.pages[page.number - 2]
                    before = [ln for ln in previous.lines if not _FURNITURE.match(ln.text)]
                    if before:
                        edge = max(ln.bottom for ln in before) + 1
                        above = [ln for ln in before if ln.top > edge - 120]
                        rules = [s for s in previous.horizontal if s.at >= edge - 14 and s.a <= cap.x0 <= s.b]
                for ln in reversed([ln for ln in above if ln.top > edge - 40]):
                    for w in ln.words:
                        if _DATE.match(w.text) and (date_caption is None or
                                                     w.x1 > date_caption.x0 - 40 and w.x0 < date_caption.x1 + 40):
                            date_word = w
                            break
                    if date_word:
                        break
                near = [ln for ln in above if ln.top > edge - 40]
                if date_word is None and near and _DATE.match(near[-1].words[-1].text):
                    # Signature and date on one line, the date not under its caption: the date ends the line.
                    date_word = near[-1].words[-1]
                limit = date_word.x0 - 2 if date_word else (date_caption.x0 - 2 if date_caption else page.width)
                # A date written at the end of the signature's last line ends that line only: the lines of the
                # name above it run on past where the date stands.
                date_line = None if date_word is None else next(
                    (ln for ln in above if any(w is date_word for w in ln.words)), None)
                after_name = date_line is not None and any(
                    w.x1 <= limit + 1 and w.x1 > cap.x0 - 3 for w in date_line.words if w is not date_word)
                left = min(s.a for s in rules) - 3 if rules else cap.x0 - 200
                name_words: list[Word] = []
                bottom_edge = edge
                size = 0.0
                stopped = False
                for ln in reversed(above):
                    end = page.width if after_name and date_line is not None and ln.top < date_line.top else limit
                    # The caption's "**" is its own (set above it where the caption's line is read apart).
                    ws = [w for w in ln.words if w.x1 <= end + 1 and w.x1 > left and w is not date_word
                          and w.text.strip("*")]
                    if not ws:
                        continue
                    if _SECTION_END.match(ln.text) or re.search(r"Signature of Reporting", ln.text, re.I):
                        stopped = True
                        break
                    if bottom_edge - ln.bottom > 1.2 * (ln.bottom - ln.top) + 2 and name_words:
                        stopped = True
                        break
                    # A signature is set in one type size; a line in another above it is something else. A scan's
                    # word is as high as the engine's box of it, a letter reaching below the line or not: three
                    # tenths either way are one size there.
                    line_size = max(w.size for w in ws)
                    if size and abs(line_size - size) > (0.3 if hasattr(ws[0], "confidence") else 0.1) * size:
                        stopped = True
                        break
                    size = size or line_size
                    name_words = ws + name_words
                    bottom_edge = ln.top
                if name_words and not stopped and page.number > 1 and not any(
                        ln.bottom <= bottom_edge + 1 and not _FURNITURE.match(ln.text) for ln in page.lines):
                    # The page broke inside the signature's name, whose last lines open this page: its first lines
                    # end the page before, under that page's last signature caption.
                    name_words = self._signature_begun_before(page.number - 1, size) + name_words
                if date_word is None and name_words and form.parse_date(name_words[-1].text) is not None:
                    # Signature and date on one line, the date not under its caption: the date ends the line.
                    date_word = name_words.pop()
                for w in name_words + ([date_word] if date_word else []):
                    self.used.add(id(w))
                name = _text_value(_join(_reading(name_words)), name_words) if name_words \
                    else Value()
                date = _value(Kind.DATE, date_word.text, [date_word]) if date_word else Value()
                if not name.empty or not date.empty:
                    out.append(Signature(name=name, date=date))
        return out

    def _signature_begun_before(self, number: int, size: float) -> list[Word]:
        """The words of the lines at the foot of page `number` (counted from 1) below its last signature caption,
        in the type size `size` of the signature they begin: the first lines of a signature whose name the page
        break cut. None at all where the page has no signature caption or another line stands there."""
        lines = [ln for ln in self.layout.pages[number - 1].lines if not _FURNITURE.match(ln.text)]
        captions = [k for k, ln in enumerate(lines) if form.is_signature_caption(ln.text)]
        if not captions:
            return []
        words: list[Word] = []
        for ln in lines[captions[-1] + 1 :]:
            ws = [w for w in ln.words if w.text.strip("*")]
            if not ws or _SECTION_END.match(ln.text) or abs(max(w.size for w in ws) - size) > 0.1 * size:
                return []
            words += ws
        return words


# --------------------------------------------------------------------------------------------------------------
# Tables: columns by their headers


@dataclass
class _Grid:
    """Where each field's column lies on a page: `bounds[i]` is the left edge of `fields[i]`."""

    fields: list[str]
    bounds: list[float]
    left: float
    right: float
    data_top: float
    guessed: frozenset[str] = frozenset()  # fields whose column was inferred (sub-columns without captions)
    #: Where each field's caption begins (`bounds[i]` may lie left of it: halfway from the caption before).
    captions: tuple[float, ...] = ()

    @classmethod
    def build(cls, page: Page, columns: Sequence[Column], labels: dict[str, Word], label_line: Line) -> _Grid:
        present = [c for c in columns if c.number in labels]
        starts = [labels[c.number].x0 for c in present]
        # Header words below the labels, down to the first line that is data. A line that is neither (a caption
        # an OCR engine garbled: "Avexawravcon" for "Amount or") belongs to the header when captions follow it
        # before any data does.
        header_bottom = label_line.bottom
        lines_below = [ln for ln in page.lines if ln.top > label_line.top + 0.5]
        unplaced = 0
        # The space allowed above a line is measured in the captions' type as well as the line's own: a speck read
        # as a word may be boxed as a sliver.
        caption_size = sorted(w.size for w in label_line.words)[len(label_line.words) // 2]
        for ln in lines_below:
            if ln.top - header_bottom > 3 * max(caption_size, *(w.size for w in ln.words)) \
                    or _SECTION_END.match(ln.text) \
                    or _is_data_line(ln):
                break
            if _is_header_line(ln):
                header_bottom = max(header_bottom, ln.bottom)
                unplaced = 0
            else:
                unplaced += 1
                if unplaced > _UNPLACED_HEADER_LINES:
                    break
        if len(present) < len(columns):
            header = [w for ln in page.lines if label_line.top - 1 <= ln.top and ln.bottom <= header_bottom + 0.5
                      for w in ln.words]
            labels = _unnumbered(columns, labels, header, label_line)
            present = [c for c in columns if c.number in labels]
            starts = [labels[c.number].x0 for c in present]
        right = _table_right(page, labels[present[-1].number].x1, label_line.top)
        left = min(starts) - 4
        anchors_bottom = label_line.bottom
        for ln in lines_below:
            if ln.top > header_bottom + 1 or _SECTION_END.match(ln.text):
                break
            if any(re.match(rx, w.text) for w in ln.words for c in present for rx in c.anchors):
                anchors_bottom = ln.bottom
        # A ruled header ends at the first rule across the table below its captions: a data line such as
        # "Shares" (the first line of a wrapped cell) may look like a caption.
        rules = page.rules_across(anchors_bottom, header_bottom + 30, left, right, 0.6)
        if rules:
            header_bottom = rules[0] - 0.5
        band = [w for ln in page.lines if label_line.top - 1 <= ln.top and ln.bottom <= header_bottom + 0.5
                for w in ln.words]
        fields: list[str] = []
        spans: list[tuple[float, float]] = []
        guessed: set[str] = set()
        for i, col in enumerate(present):
            c0 = starts[i]
            c1 = starts[i + 1] if i + 1 < len(present) else right
            in_col = [w for w in band if c0 - 2 <= w.x0 < c1 - 1]
            block = (c0, max((w.x1 for w in in_col), default=c0 + 5))
            if not col.anchors:
                fields.append(col.fields[0])
                spans.append(block)
                continue
            # Sub-column captions sit at the foot of the header; the column's own caption above may use the same
            # words ("6. Date Exercisable and Expiration Date"). Take each caption from the lowest ones, left to
            # right. None stands on the line of the columns' numbers, which holds the columns' own captions.
            subs: list[Word | None] = []
            after = c0 - 3
            for rx in col.anchors:
                hits = [w for w in in_col if re.match(rx, w.text) and w.x0 >= after and w.middle > label_line.bottom]
                if not hits:
                    subs.append(None)
                    continue
                lowest = max(w.top for w in hits)
                near = [w for w in hits if w.top >= lowest - 1.6 * w.size]
                pick = min(near, key=lambda w: w.x0)
                subs.append(pick)
                after = pick.x1
            if any(s is None for s in subs) and any(s is not None for s in subs):
                subs = _unread_captions(subs, in_col)
            if any(s is None for s in subs):
                # Without the captions the sub-columns share the column evenly.
                width = (block[1] - block[0]) / len(col.fields)
                for k, f in enumerate(col.fields):
                    fields.append(f)
                    guessed.add(f)
                    spans.append((block[0] + k * width, block[0] + (k + 1) * width - 1))
                continue
            for k, (f, s) in enumerate(zip(col.fields, subs, strict=False)):
                assert s is not None
                x0 = c0 if k == 0 else s.x0
                same = [w for w in in_col if abs(w.center - s.center) < 1 + (s.x1 - s.x0) / 2 and w.top >= s.top - 30]
                x1 = max([s.x1] + [w.x1 for w in same if w.top >= s.top - 1])
                fields.append(f)
                spans.append((x0, x1))
        bounds = _bounds(page, spans, label_line.top, header_bottom)
        bounds[0] = left
        return cls(fields, bounds, left, right, header_bottom + 0.5, frozenset(guessed), tuple(x0 for x0, _ in spans))

    def assign(self, words: list[Word], doubts: dict[int, float],
               page: Page | None = None) -> dict[str, list[Word]]:
        """Words by the field whose column they stand in; `doubts` gets the confidence of words placed by
        guesswork (a column inferred, a word across a column's edge). A footnote mark set a word space after a
        value goes with it, into the value's column, though it reach into the next (a narrow column's amount)."""
        out: dict[str, list[Word]] = {}
        column: dict[int, int] = {}
        marked = _marked_words(words, page)
        ordered = sorted(words, key=lambda w: (w.page, w.x0))
        for n, w in enumerate(ordered):
            k = 0
            for i, b in enumerate(self.bounds):
                if w.center >= b:
                    k = i
            before = marked.get(id(w))
            if before is not None and id(before) in column:
                k = column[id(before)]
            elif k > 0 and len(self.captions) == len(self.bounds) and w.x1 <= self.captions[k] and w.text[:1].isalpha():
                # A word of a phrase, a word space after the one before it on its line, that ends before the next
                # column's caption begins is that phrase's ("Class B Common" in a title wider than its caption,
                # whose last word's middle is past halfway to the amount's).
                prev = next((p for p in reversed(ordered[:n]) if p.page == w.page and abs(p.middle - w.middle) < w.size / 2
                             and p.x1 <= w.x0 + 0.5), None)
                if (prev is not None and column.get(id(prev), k) < k and w.x0 - prev.x1 <= 0.6 * w.size
                        and prev.text[-1:].isalpha()):
                    k = column[id(prev)]
            column[id(w)] = k
            field = self.fields[k]
            out.setdefault(field, []).append(w)
            if field in self.guessed:
                doubts[id(w)] = min(doubts.get(id(w), 1.0), INFERRED)
            if any(w.x0 < b - 1.5 and w.x1 > b + 1.5 for b in self.bounds[1:]):
                doubts[id(w)] = min(doubts.get(id(w), 1.0), MERGED)
        return out


def _mark_on(page: Page, blank: Word) -> Word | None:
    """A tick written over a box's blank ("_____" with an X typed or written on it, a little higher or lower than
    the line, so a word of its own): a mark that stands across the blank, within a line's height of it."""
    for w in page.words:
        if (w is not blank and w.x0 < blank.x1 and w.x1 > blank.x0 and form.TICKED.fullmatch(w.text)
                and abs(w.middle - blank.middle) < max(w.size, blank.size)):
            return w
    return None


def _body(line: Line) -> tuple[float, float]:
    """The top and bottom of a line's body: the middle of its words' tops and of their bottoms, which a word boxed
    taller or shorter than the others (a raised mark, a scan's misread glyph) does not move."""
    tops = sorted(w.top for w in line.words)
    bottoms = sorted(w.bottom for w in line.words)
    return tops[(len(tops) - 1) // 2], bottoms[len(bottoms) // 2]


def _mark_and_speck(entry: tuple[Line, str | None, list[Word]]) -> bool:
    """Whether a line of the notes is a mark with one word at most beside it (a scan's speck read "Rear]")."""
    return entry[1] is not None and len(entry[2]) <= 1


def _centred_notes(block: list[tuple[Line, str | None, list[Word]]],
                   mark_middle: dict[int, float]) -> list[tuple[str, list[tuple[Line, str | None, list[Word]]]]]:
    """The notes of a block of lines holding several marks, each set beside the middle of its note (EDGAR's page):
    a note runs from the line after the last note's end to the line that puts its mark nearest its middle, the last
    note to the block's end."""
    at = [i for i, e in enumerate(block) if e[1] is not None]
    out = []
    start = 0
    for k, i in enumerate(at):
        if k + 1 == len(at):
            end = len(block) - 1
        else:
            middle = mark_middle.get(id(block[i][0]), sum(_body(block[i][0])) / 2)
            top = _body(block[start][0])[0]
            end = min(range(i, at[k + 1]), key=lambda e: abs((top + _body(block[e][0])[1]) / 2 - middle))
        mark = block[i][1]
        assert mark is not None
        out.append((mark, block[start:end + 1]))
        start = end + 1
    return out


def _lower_starts(parts: Sequence[list[tuple[Line, str | None, list[Word]]]]) -> int:
    """How many of the notes, each a run of entries, open with a word in lower case ("person hereby undertakes"):
    the middle of a sentence, which no note opens with."""
    count = 0
    for part in parts:
        first = next((w.text for e in part for w in e[2]), "")
        count += bool(first[:1].islower())
    return count


def _unwrapped(lines: list[Line], page: Page, left: float) -> list[Line]:
    """Lines of a ruled box (its left edge at `left`) as they were written: a line whose first word would not have
    fit at the end of the line before, inside the box's right rule, is the rest of that line, which the box was too
    narrow for ("2800 SAND HILL ROAD, SUITE" / "101" is one street); a line whose first word would have fit was begun
    on purpose. A box without a rule at its right keeps its lines: where its text may reach is not known."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1].page == line.page:
            before, first = out[-1], line.words[0]
            space = 0.25 * (first.bottom - first.top)
            middle = (before.top + before.bottom) / 2
            right = min((s.at for s in page.vertical if s.at > left + 4 and s.at >= before.x1 - 1
                         and s.a - 2 <= middle <= s.b + 2), default=None)
            if right is not None and before.x1 + space + (first.x1 - first.x0) > right - 1 \
                    and line.x0 <= before.x0 + space:
                out[-1] = Line(before.words + line.words, line.page)
                continue
        out.append(line)
    return out


_Entry = tuple[Line, "str | None", list[Word]]


def _opens_a_note(block: list[_Entry]) -> bool:
    """A block of the explanation that is one note of its own: it has one mark, on its first line or standing in its
    middle (EDGAR's page sets a mark beside the middle of its note)."""
    marked = [i for i, e in enumerate(block) if e[1] is not None]
    if len(marked) != 1:
        return False
    at = marked[0]
    return at == 0 or at <= len(block) - at - 1 <= at + 1


def _cut_notes_carried_over(blocks: list[list[_Entry]]) -> list[list[_Entry]]:
    """A note the page break cut whose mark was printed with its part on the next page (a printer that sets a mark
    beside the middle of what is left of its note there): the lines at the foot of the page are moved to the note
    the next page opens with. They are the lines after a line that ends short of the column's right edge (a note is
    one paragraph, so a short line ends one) or, where no note came before them on the page, all of the block;
    they carry no mark and their last line runs to the right edge (the text goes on over the page)."""
    lines = [e[0] for block in blocks for e in block]
    if not lines:
        return blocks
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    slack = max(60.0, 0.1 * (right - left))  # a wrapped line ends within a long word of the edge

    def short(line: Line) -> bool:
        return line.x1 < right - slack

    out = [list(block) for block in blocks]
    for k in range(len(out) - 1):
        block, following = out[k], out[k + 1]
        if not block or following[0][0].page != block[-1][0].page + 1 or not _opens_a_note(following):
            continue
        if short(block[-1][0]) or block[-1][1] is not None:
            continue
        cut = None
        if all(e[1] is None for e in block):
            before = out[k - 1][-1][0] if k and out[k - 1] else None
            if before is None or before.page != block[0][0].page or short(before):
                cut = 0
        else:
            last_mark = max(i for i, e in enumerate(block) if e[1] is not None)
            ends = [i for i in range(last_mark, len(block) - 1) if short(block[i][0])]
            if ends:
                cut = ends[0] + 1
        if cut is None or any(e[1] is not None for e in block[cut:]):
            continue
        out[k + 1] = block[cut:] + following
        out[k] = block[:cut]
    return [block for block in out if block]


def _reads_centred(block: list[tuple[Line, str | None, list[Word]]], mark_middle: dict[int, float]) -> bool:
    """Whether a block of notes whose first line opens with a mark reads as marks set beside the middle of their
    notes (EDGAR's page as laid-out text, where no gap parts the notes: "(2)" on the middle line of its three)
    rather than as marks opening their notes: taken so only where fewer notes then open in the middle of a
    sentence."""
    at = [i for i, e in enumerate(block) if e[1] is not None]
    opening = [block[i:j] for i, j in zip(at, [*at[1:], len(block)], strict=True)]
    broken = _lower_starts(opening)
    return broken > 0 and _lower_starts([part for _, part in _centred_notes(block, mark_middle)]) < broken


def _unnumbered(columns: Sequence[Column], labels: dict[str, Word], header: list[Word],
                label_line: Line) -> dict[str, Word]:
    """The columns' numbers, with a word standing in for each number an OCR engine left unread or misread ("3." of
    "3. Transaction Code", "4." read "A,") after a column it read: the leftmost word below the numbers' line, between
    that column's number and the next number read (or the table's end, for the last columns), that only that
    column's caption has there: its first sub-column's caption ("Code" of Code | V) or a word of its own caption
    ("Execution" of "2A. Deemed Execution Date", "Nature" of "4. Nature of Indirect Beneficial Ownership"). Where
    neither was read the column stays with its left neighbour."""
    out = dict(labels)
    for i, col in enumerate(columns):
        pattern = col.anchors[0] if col.anchors else col.caption
        if col.number in out or not pattern:
            continue
        before = next((out[c.number] for c in reversed(columns[:i]) if c.number in out), None)
        after = next((labels[c.number] for c in columns[i + 1:] if c.number in labels), None)
        if before is None:
            continue
        floor = label_line.bottom if col.anchors else label_line.top  # sub-columns' captions are below the numbers
        hits = [w for w in header if re.match(pattern, w.text) and before.x1 < w.x0
                and (after is None or w.x1 < after.x0 - 1) and w.middle > floor]
        if hits:
            out[col.number] = min(hits, key=lambda w: w.x0)
    return out


def _unread_captions(subs: list[Word | None], in_col: list[Word]) -> list[Word | None]:
    """Sub-column captions whose words were not read (an OCR engine's "Avexawravcon" for "Amount or") found by their
    place: at the foot of the header beside the captions read, the first caption word after the one to the left
    that stands clear of it, and short of the one to the right."""
    found = [s for s in subs if s is not None]
    foot = min(s.top - 1.6 * s.size for s in found)
    out = list(subs)
    for k, s in enumerate(subs):
        if s is not None:
            continue
        before = next((out[j] for j in range(k - 1, -1, -1) if out[j] is not None), None)
        after = next((out[j] for j in range(k + 1, len(out)) if out[j] is not None), None)
        low = before.x1 + before.size if before is not None else -1.0
        high = after.x0 - 1 if after is not None else float("inf")
        clear = [w for w in in_col if w.top >= foot and low <= w.x0 and w.x1 <= high]
        out[k] = min(clear, key=lambda w: (w.x0, w.top), default=None)
    return out


def _marked_words(words: list[Word], page: Page | None) -> dict[int, Word]:
    """For each footnote mark (by id), the word it follows on its line a word space away with no rule between."""
    out: dict[int, Word] = {}
    for number in sorted({w.page for w in words}):
        for line in _lines([w for w in words if w.page == number], number):
            for before, mark in zip(line.words, line.words[1:], strict=False):
                if not form.FOOTNOTE_MARK.fullmatch(mark.text) or not (
                        0 <= mark.x0 - before.x1 <= 0.45 * (mark.bottom - mark.top)):
                    continue
                rules = page.vertical_rules(mark.top, mark.bottom) if page is not None else []
                if not any(before.x1 - 0.5 <= r.at <= mark.x0 + 0.5 for r in rules):
                    out[id(mark)] = before
    return out


#: Lines in a row under a table's captions that read as neither captions nor data, past which the header search
#: gives up: a garbled caption is a line or two of a header's stacked captions.
_UNPLACED_HEADER_LINES = 2
#: A word only a table's data has: a date, or an amount (thousands grouped, decimals, a dollar sign, three digits
#: or more); the captions' numbers are column numbers ("4.") and instructions ("(Instr. 3, 4 and 5)").
_DATA_WORD = re.compile(r"\$?(?:\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{3,})(?:\.\d+)?|\d{1,2}/\d{1,2}/\d{2,4}")


def _is_data_line(line: Line) -> bool:
    """A line holding a table row's data: a date or an amount in it."""
    return any(_DATA_WORD.fullmatch(w.text.rstrip(".,;")) for w in line.words)


#: "(Instr." as a scan's reading may give it ("(Mnstr.", "(lnstr.").
_INSTR = re.compile(r"\(?[a-z|]?nstr")


def _is_header_line(line: Line) -> bool:
    # A scan's reading may leave a rule's stub on a caption ("Transaction(s)|") and read the "(I)" of "Indirect (I)"
    # as "(1)".
    words = [w.text.lower().strip("|[]") for w in line.words]
    known = sum(1 for t in words if t in TABLE_HEADER_WORDS or _INSTR.match(t) or _NUMBERED.match(t) or t == "(1)")
    return known >= 0.6 * len(words)


def _bounds(page: Page, spans: Sequence[tuple[float, float]], top: float, bottom: float) -> list[float]:
    """Left edges of columns whose captions occupy `spans`: a vertical rule between two captions where there is
    one, else the middle of the space between them. Where a caption runs past the start of the next (words of the
    next caption taken for its own, beside a column number a scan's reading lost), the rule nearest the next
    caption's start, left of it."""
    rules = page.vertical_rules(top, bottom)
    bounds = [spans[0][0] - 2]
    for (a0, a1), (b0, _b1) in zip(spans, spans[1:], strict=False):
        between = [s.at for s in rules if (a1 if a1 <= b0 else a0) - 1.5 <= s.at <= b0 + 1.5]
        if between:
            bounds.append(max(between))
        else:
            bounds.append((a1 + b0) / 2 if b0 > a1 else b0 - 0.5)
    return bounds


def _table_right(page: Page, last_x1: float, top: float) -> float:
    rules = [s.at for s in page.vertical_rules(top, top + 20) if s.at > last_x1 - 1]
    return min(rules) if rules else page.width


#: The most space between two lines of one cell, as a share of a line's height: type is set with a leading of
#: 1.2 to 1.5 times its size, which leaves 0.2 to 0.5 of a line between the lines of a paragraph.
_LEADING = 0.6


def _split_rows(page: Page, words: list[Word], top: float, bottom: float, x0: float,
                x1: float) -> tuple[list[list[Word]], bool, bool]:
    """Words of a table body grouped into rows by its horizontal rules, or by the space between lines; whether
    rules were used, and whether words follow the last rule (a row the page cut)."""
    if not words:
        return [], False, False
    first = min(w.top for w in words)
    # Rules above the first row (the header's own) say nothing about where rows part; a ruled body shows by the
    # rules under its rows or the cell borders beside them (a row the page cut has only the latter).
    rules = [r for r in page.rules_across(top - 1, bottom + 1, x0, x1, 0.5) if r > first]
    beside = any(s.a <= first + 1 and s.b >= first + 6 and x0 - 2 <= s.at <= x1 + 2 for s in page.vertical)
    if rules or beside:
        edges = [top - 1] + rules + [bottom + 1]
        # Each word goes to the band between the rules around it, found by bisection: comparing every word with
        # every band takes quadratic time on a page of many rules and words.
        bands: list[list[Word]] = [[] for _ in edges[1:]]
        for w in words:
            band = bisect.bisect_right(edges, w.middle) - 1
            if 0 <= band < len(bands):
                bands[band].append(w)
        rows = [ws for ws in bands if ws]
        return rows, True, not rules or any(w.middle > rules[-1] for w in words)
    lines = _lines(words, page.number)
    heights = sorted(ln.bottom - ln.top for ln in lines)
    usual = heights[len(heights) // 2]
    # Without rules, rows stand apart by more space than the lines of one cell. The lines of a cell are set at
    # the type's leading, a fraction of a line's height apart; when no cell runs over two lines every gap is the
    # space between rows, however alike the gaps are.
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    closest = min(gaps, default=0.0)
    within = min(closest + max(2.0, 0.25 * usual), max(2.0, _LEADING * usual))
    rows_l: list[list[Line]] = []
    for ln in lines:
        if rows_l and ln.top - rows_l[-1][-1].bottom <= within:
            rows_l[-1].append(ln)
        else:
            rows_l.append([ln])
    return [[w for ln in group for w in ln.words] for group in rows_l], False, False


# --------------------------------------------------------------------------------------------------------------
# Values


def _field_value(name: str, words: list[Word]) -> Value:
    if not words:
        return Value()
    words = _reading(words)
    kind = ROW_FIELDS[name].kind if name in ROW_FIELDS else Kind.TEXT
    marks: list[str] = []
    parts: list[str] = []
    part_words: list[Word] = []
    unbracketed = False
    for w in words:
        text = w.text
        if kind is Kind.DECIMAL:
            # An amount written with its column's mark ("(A) 643", "643(D)"): the mark says which column, not
            # part of the number; `_column_mark` reads it.
            text = _AD_MARK.sub("", text)
        found = _MARK.findall(text)
        if found and _MARK_WORD.match(text):
            marks.extend(found)
            continue
        if kind is Kind.DECIMAL and len(parts) == 1 and _GROUPED.fullmatch(parts[0]) and re.fullmatch(r"\d{1,2}", text):
            # Digits standing apart after an amount printed with its thousands' separators are no part of it (it
            # is whole): a footnote mark whose brackets a scan's reading lost ("23,074 2" for "23,074 (2)").
            marks.append(text)
            unbracketed = True
            continue
        if found and kind is not Kind.TEXT:
            marks.extend(found)
            text = _MARK.sub("", text)
        elif found and re.search(r"\S\(\d{1,3}\)$", text):
            marks.extend(_MARK.findall(text))
            text = _MARK.sub("", text)
        if text:
            parts.append(text)
            part_words.append(w)
    if kind is Kind.DECIMAL and len(parts) > 1 and parts[0] in ("S", "s"):
        # An amount's dollar sign that a scan's reading took for the letter, which no amount starts with.
        parts[0] = "$"
    raw = " ".join(w.text for w in words)
    notes = tuple(f"F{m}" for m in dict.fromkeys(marks))
    source = _union(words)
    multi = len({round(w.middle) for w in words if not _MARK_WORD.match(w.text)}) > 1
    if kind in (Kind.DECIMAL, Kind.DATE, Kind.CODE, Kind.AD, Kind.DI, Kind.BOOL):
        text = "".join(parts)
    else:
        text = _join(part_words, parts)
    if not text:
        return Value(None, notes, raw=raw, source=source, confidence=SURE)
    confidence = WRAPPED if multi and kind is not Kind.TEXT else SURE
    if unbracketed:
        confidence = min(confidence, Confidence.UNCERTAIN)
    try:
        value = parse_value(kind, text)
    except ValueError:
        return Value(None, notes, raw=raw, source=source, confidence=UNPARSED)
    if kind is Kind.CODE and not re.fullmatch(r"[A-Z](/K)?", str(value)):
        confidence = UNPARSED
    if kind in (Kind.AD, Kind.DI) and value not in ("A", "D", "I"):
        return Value(None, notes, raw=raw, source=source, confidence=UNPARSED)
    return Value(value, notes, raw=raw, source=source, confidence=confidence)


def _column_mark(value: Value) -> str | None:
    """The (A) or (D) an amount was written with, from the text it was read from."""
    if not value.raw or value.value is None:
        return None
    amount = form.parse_amount(value.raw)
    return amount.mark if amount is not None else None


def _join(words: Sequence[Word], texts: Sequence[str] | None = None) -> str:
    """Words joined by spaces, except after a hyphen that ends a line (a word the printer broke there)."""
    texts = [w.text for w in words] if texts is None else texts
    out: list[str] = []
    for i, (w, t) in enumerate(zip(words, texts, strict=True)):
        out.append(t)
        if i + 1 < len(words):
            nxt = words[i + 1]
            wrapped = nxt.page != w.page or nxt.top > w.bottom - 0.3 * (w.bottom - w.top)
            if not (t.endswith("-") and wrapped and len(t) > 1):
                out.append(" ")
    return normalize("".join(out))


def _value(kind: Kind, text: str, words: list[Word], confidence: float = SURE) -> Value:
    try:
        value = parse_value(kind, text)
    except ValueError:
        return Value(None, raw=text, source=_union(words), confidence=UNPARSED)
    return Value(value, raw=text, source=_union(words), confidence=confidence)


def _text_value(text: str, words: list[Word], confidence: float | None = None) -> Value:
    text = normalize(text)
    if not text:
        return Value()
    if confidence is None:
        confidence = SURE
    return Value(text, raw=text, source=_union(words), confidence=confidence)


def _pbox(page: int, x0: float, top: float, x1: float, bottom: float) -> PdfBox:
    """A box rounded as the store keeps it (hundredths of a point), so that a saved filing loads back equal."""
    return PdfBox(page, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _box(word: Word) -> PdfBox:
    return PdfBox(word.page, round(word.x0, 2), round(word.top, 2), round(word.x1, 2), round(word.bottom, 2))


def _union(words: Sequence[Word]) -> PdfBox | None:
    if not words:
        return None
    page = words[0].page
    same = [w for w in words if w.page == page]
    return PdfBox(page, round(min(w.x0 for w in same), 2), round(min(w.top for w in same), 2),
                  round(max(w.x1 for w in same), 2), round(max(w.bottom for w in same), 2))


def _reading(words: Sequence[Word]) -> list[Word]:
    """Words in reading order: by page, line, then left to right."""
    out: list[Word] = []
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page in sorted(by_page):
        for ln in _lines(by_page[page], page):
            out.extend(ln.words)
    return out


def _lines(words: Sequence[Word], page: int) -> list[Line]:
    from .pdf_layout import make_lines

    return make_lines(list(words), page)


def _phrases(pages: Sequence[Page], row: list[Word]) -> list[list[Word]]:
    """The words of a table row in runs set a word space apart on one line, with no rule between them: the text
    of one cell, whatever column its later words reach into. Where rules part the line's columns (four or more
    cross it: its two sides and columns between), every word between two of them is the cell's, however wide a
    space the reading left between two of them ("Chief Executive Officer" filling its column, its last word set a
    little apart)."""
    out: list[list[Word]] = []
    for number in sorted({w.page for w in row}):
        words = [w for w in row if w.page == number]
        rules = pages[number - 1].vertical_rules(min(w.top for w in words), max(w.bottom for w in words))
        for line in _lines(words, number):
            middle = (line.top + line.bottom) / 2
            ruled = len([r for r in rules if r.a <= middle <= r.b]) >= 4
            prev = None
            for w in line.words:
                gap = w.x0 - prev.x1 if prev is not None else -1.0
                # A word space: up to 0.55 of the words' height (a laid-out text's one space is half of it).
                if prev is not None and gap >= 0 and (ruled or gap <= 0.55 * (w.bottom - w.top)) and not any(
                        prev.x1 - 0.5 <= r.at <= w.x0 + 0.5 and r.a <= w.middle <= r.b for r in rules):
                    out[-1].append(w)
                else:
                    out.append([w])
                prev = w
    return out


def _rows_by_ownership(words: list[Word], grid: _Grid) -> list[list[Word]]:
    """A table row that holds rows nothing parted (a laid-out text's evenly spaced lines, no rule, no wider gap)
    parted by their transaction dates where every row has one, else by their marks in the Ownership Form column:
    each row has one of either, on its middle line; each line goes with the nearest such line (the one above on a
    tie; below for a "$" alone, which goes with its amount)."""
    if "direct_or_indirect" not in grid.fields or len({w.page for w in words}) != 1:
        return [words]
    lines = _lines(words, words[0].page)

    def marked(field: str, pattern: re.Pattern[str]) -> list[int]:
        k = grid.fields.index(field)
        lo, hi = grid.bounds[k], grid.bounds[k + 1] if k + 1 < len(grid.bounds) else grid.right
        return [i for i, ln in enumerate(lines) if any(lo <= w.center < hi and pattern.fullmatch(w.text)
                                                       for w in ln.words)]

    # Each row has one D or I in its Ownership Form column, and a transaction one date, each on one line, that of
    # the row's middle (of the cell's, where the cells' lines are not centred alike). Where every row has a date
    # (as many as there are D's and I's), the dates part the rows; a holding has none, and where one is among them
    # the D's and I's do.
    owned = marked("direct_or_indirect", _OWNERSHIP_MARK)
    dates = marked("transaction_date", _DATE_MARKED) if "transaction_date" in grid.fields else []
    if len(dates) < max(2, len(owned)):
        dates = []
    marks = dates or owned
    if len(marks) < 2:
        return [words]
    parts: dict[int, list[Word]] = {m: [] for m in marks}
    for i, ln in enumerate(lines):
        # A tie goes to the row above, but a "$" alone goes with the amount below it.
        below = bool(dates) and all(w.text == "$" for w in ln.words)
        parts[min(marks, key=lambda m: (abs(m - i), (m < i) if below else (m > i)))].extend(ln.words)
    return [parts[m] for m in marks]


#: A date as a row's date cell prints it, with its footnote marks.
_DATE_MARKED = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}(?:\(\d{1,2}\))*")
#: A Direct or Indirect mark as a row's Ownership Form cell prints it, with its footnote marks.
_OWNERSHIP_MARK = re.compile(r"[DI](?:\(\d{1,2}\))*")


def _owner_blocks(row: list[Word], name_right: float) -> list[list[Word]]:
    """A Reporting Owners row parted into the owners it holds: where nothing (no rule, no wider gap) parts the owners
    (a laid-out text's lines, evenly spaced), an owner's block ends with its "CITY, ST ZIP" line when what follows
    in the name column is another name and address, ending with a city line of its own."""
    cell = [w for w in row if w.center < name_right]
    lines = [ln for page in sorted({w.page for w in cell}) for ln in _lines([w for w in cell if w.page == page], page)]
    for i in range(1, len(lines) - 2):
        here = form.parse_address([ln.text for ln in lines[1 : i + 1]])
        if here.state is None and here.zip_code is None:
            continue
        while i + 3 < len(lines):
            # The state, the ZIP and the country each on a line of its own after the city's, as EDGAR's page sets
            # them ("NEW YORK" / "NY" / "10001" / "UNITED STATES"): the owner's, while each adds its part. A line of
            # capitals may be a country or the next owner's name: a country where a name follows it, then a street
            # (a line with a number), as another owner's block begins.
            more = form.parse_address([ln.text for ln in lines[1 : i + 2]])
            added = set(more.lines) - set(here.lines)
            if not added or more.street1 != here.street1 or not added <= {"state", "zip_code", "country"} or (
                    "country" in added and (_has_digit(lines[i + 2].text) or not form.street_line(lines[i + 3].text))):
                break
            here, i = more, i + 1
        rest = form.parse_address([ln.text for ln in lines[i + 2 :]])
        if rest.state is None and rest.zip_code is None:
            return [row]  # what follows is the same owner's (a country, a second city line): no other owner
        page, bottom = lines[i].page, lines[i].bottom
        first = [w for w in row if (w.page, (w.top + w.bottom) / 2) <= (page, bottom)]
        if not first or len(first) == len(row):
            return [row]
        return [first, *_owner_blocks([w for w in row if w not in first], name_right)]
    return [row]


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _address_tail(row: list[Word], name_right: float) -> bool:
    """Whether the name-and-address cell of a Reporting Owners row is the end of an address, not an owner: it opens
    with a state's code or a ZIP alone on its line ("94025", then "UNITED STATES", at the top of a page)."""
    cell = [w for w in row if w.center < name_right]
    if not cell:
        return False
    first = _lines(cell, cell[0].page)[0]
    return form.address_part_line(first.text)


def _country_tail(row: list[Word], after: list[Word], name_right: float) -> bool:
    """Whether the name-and-address cell of a Reporting Owners row (`after`, at the top of a page) is only the
    country of the address the row before ends with ("UNITED STATES" alone, its ZIP at the foot of the page before):
    one line, which the form's address parser reads as that address's country. An owner's own cell has a name and
    an address."""
    cell = [w for w in after if w.center < name_right]
    tail = _lines(cell, cell[0].page) if cell else []
    if len(tail) != 1:
        return False
    before = [w for w in row if w.center < name_right]
    lines = [ln.text for page in sorted({w.page for w in before})
             for ln in _lines([w for w in before if w.page == page], page)]
    return len(lines) >= 3 and form.parse_address([*lines[1:], tail[0].text]).lines.get("country") == len(lines) - 1


def _has_city_line(row: list[Word], name_right: float) -> bool:
    """Whether the name-and-address cell of a Reporting Owners row has come to its "CITY, ST ZIP" line."""
    cell = [w for w in row if w.center < name_right]
    lines = [ln for page in sorted({w.page for w in cell}) for ln in _lines([w for w in cell if w.page == page], page)]
    address = form.parse_address([ln.text for ln in lines[1:]])
    return address.state is not None or address.zip_code is not None


def _span_words(line: Line, span: tuple[int, int]) -> list[Word]:
    """The words of a line that a character span of its text (as `_line_text` joins it) touches."""
    _text, starts = _line_text(line)
    return [w for w, at in zip(line.words, starts, strict=True) if at < span[1] and at + len(w.text) > span[0]]


def _address_fields(lines: list[Line]) -> dict[str, Value]:
    """An owner's address from its printed lines (the name left out), parsed by the form's one address parser:
    street lines, city, state, ZIP and a country other than the United States, each with the words it came from."""
    address = form.parse_address([ln.text for ln in lines])
    fields: dict[str, Value] = {}
    for key in ("street1", "street2", "city", "state", "zip_code", "country"):
        text = getattr(address, key)
        at = address.lines.get(key)
        if text is None or at is None:
            continue
        name = "state_description" if key == "country" else key
        if key == "street2":
            words = [w for ln in lines[at:address.lines.get("city", address.lines.get("country", len(lines)))]
                     for w in ln.words]
            words = [w for ln in lines[1:] if ln.text in text for w in ln.words] or words
        else:
            line = lines[at]
            parts = form.parse_city_line(line.text) if key in ("city", "state", "zip_code") else None
            span = getattr(parts, key) if parts is not None else None
            words = _span_words(line, span) if span is not None and line.text[span[0]:span[1]] == text \
                else line.words
        fields[name] = _text_value(text, words)
    return fields


def _caption_spans(line: Line) -> list[tuple[float, float]]:
    """Where the Reporting Owners table's relationship captions stand on their line, left to right, in points. A
    printout may set them so close that they run together into one word ("Director10% OwnerOfficerOther"); a
    caption inside a word is placed by its share of the word's characters."""
    text, starts = _line_text(line)

    def x_at(k: int) -> float:
        i = max(j for j, s in enumerate(starts) if s <= k)
        w = line.words[i]
        share = min(max(k - starts[i], 0), len(w.text)) / max(len(w.text), 1)
        return w.x0 + share * (w.x1 - w.x0)

    return [(x_at(a), x_at(b)) for _caption, _field, (a, b) in form.relationship_captions(text)]


def _line_text(line: Line) -> tuple[str, list[int]]:
    starts = []
    pos = 0
    for w in line.words:
        starts.append(pos)
        pos += len(w.text) + 1
    return " ".join(w.text for w in line.words), starts


def _strip_caption(lines: list[Line]) -> list[Line]:
    """Lines of a box without its caption: the numbered first line and the lines after it made only of the
    caption's words ("Symbol", "(Month/Day/Year)")."""
    out = []
    in_caption = True
    for i, ln in enumerate(lines):
        if in_caption:
            words = [w for w in ln.words if not _caption_word(w.text)]
            if i == 0 or not words or _caption_continues(ln):
                continue
            in_caption = False
            # The caption's last words and a value typed beside them in another type size (text typed over the
            # page a little high: "Symbol" then "Tesla, Inc. [TSLA]"): the value alone.
            lead = 0
            while lead < len(ln.words) and _caption_word(ln.words[lead].text):
                lead += 1
            if lead and abs(ln.words[lead].size - ln.words[lead - 1].size) > 0.15 * ln.words[lead - 1].size:
                ln = Line(ln.words[lead:], ln.page)
        out.append(ln)
    return out


_CAPTION_WORDS = form.BOX_CAPTION_WORDS
_FIRST_WORDS = form.BOX_FIRST_WORDS
#: The hints printed under box 1's lines: (Last), (Street), (City), (Country).
_HINTS = tuple(hint for hint, _ in form.BOX1_HINTS)
_LAST, _STREET, _CITY, _COUNTRY = _HINTS


def _caption_word(text: str) -> bool:
    return text.lower() in _CAPTION_WORDS or bool(_NUMBERED.match(text))


def _caption_continues(line: Line) -> bool:
    words = [w.text.lower() for w in line.words]
    return sum(1 for t in words if t in _CAPTION_WORDS) >= max(1, len(words) - 0)


def _after_heading(line: Line, pattern: str) -> list[Word]:
    text, starts = _line_text(line)
    m = re.match(pattern, text, re.I)
    if not m:
        return []
    end = m.end()
    rest = [w for w, s in zip(line.words, starts, strict=False) if s >= end]
    if rest and rest[0].text.rstrip(":").lower() in ("responses", "remarks"):
        rest = rest[1:]
    if rest and rest[0].text == ":":
        rest = rest[1:]
    return rest


def _is_caption(text: str) -> bool:
    return bool(re.fullmatch(r"\((Last|First|Middle|Street|City|State|Zip|Zip/Postal|Code\)|Country|Postal)\)?"
                             r"|\(Zip/Postal|Code\)|\(Zip\)|\(State\)|\(City\)|\(Street\)|\(Country\)|\*", text))


#: The form's own two lines under "Explanation of Responses", known by their words where a scan read their stars as
#: letters ("Kk Intentional misstatements ...", "eK").
_FORM_STARRED = re.compile(r"^\S{0,3}\s*(?:If the form is filed by more than one reporting person|Intentional "
                           r"misstatements or omissions of facts constitute Federal Criminal Violations)")
#: The pieces of the form's statement "** Intentional misstatements or omissions of facts constitute Federal Criminal
#: Violations. See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).", which the SEC's form of 2026 sets over three lines beside
#: the signature, below the explanation of responses: a line holding one is the form's, not a note's.
_FORM_STATEMENT = re.compile(r"Intentional misstatements or omissions|facts constitute Federal Criminal Violations|"
                             r"\b18 U\.\s?S\.\s?C\.\s?1001\b")


#: The form's title under "FORM n", in capitals: "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES" (Form
#: 3), "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP" (Form 5), "STATEMENT OF CHANGES IN BENEFICIAL
#: OWNERSHIP OF SECURITIES" (Form 4).
_FORM_TITLE = re.compile(r"\b(?:(INITIAL|ANNUAL)\s+)?STATEMENT\s+OF\s+(?:CHANGES\s+IN\s+)?BENEFICIAL\s+OWNERSHIP")


def _without_bracket_strokes(text: str) -> str:
    """Box 2's text without the strokes or round or curly brackets read beside a square one ("[|MFAC.U]",
    "[(VRSK]", "[MFAC.U|]", "[RKLB}]"): no ticker holds one. (String methods rather than one expression, which
    would take quadratic time on a long run of strokes.)"""
    text = re.sub(r"\[[|(]+", "[", text)
    if "]" not in text:
        return text
    parts = text.split("]")
    return "]".join([part.rstrip("|)}") for part in parts[:-1]] + parts[-1:])


def _unclosed_ticker(text: str) -> tuple[int, int, int] | None:
    """Where box 2's text ends in a ticker one of whose brackets was lost ("Rocket Lab USA, Inc. [ RKLB" or
    "Inc. RKLB ]": a scan's rule beside the bracket was taken off with it), read round or curly ("INC (COLL]"), or
    both read as strokes or capital I's ("Tesla, Inc. ITSLAI"),
    as `form.bracketed_tail` says it: where the name ends (the last `[`, else the ticker's first letter), and the
    start and end of the one word of capitals that is the ticker; None when the text ends otherwise."""
    body = text.rstrip()
    if body.endswith("]"):
        if "[" in body:
            return None
        inside = body[:-1].rstrip()
        start = inside.rfind(" ") + 1
        if start and inside[start:start + 1] in ("(", "{") and form.ticker_like(inside[start + 1:]):
            return start, start + 1, len(inside)  # its bracket read round or curly ("INC (COLL]", "Corp {ICU]")
        if not start or not form.ticker_like(inside[start:]):
            return None
        return start, start, len(inside)
    opening = body.rfind("[")
    inside = body[opening + 1:]
    if opening < 0:
        # Both brackets read as strokes or capital I's, the ticker's type being small on a scan ("Tesla, Inc.
        # ITSLAI" for "[TSLA]"): a last word of capitals between two such, after the name.
        start = body.rfind(" ") + 1
        word = body[start:]
        if (start and len(word) >= 4 and word[0] in "Il|" and word[-1] in "Il|" and word[1:-1].strip("I")
                and form.ticker_like(word[1:-1])):
            return start, start + 1, len(body) - 1
        return None
    if not form.ticker_like(inside.lstrip()):
        return None
    start = opening + 1 + len(inside) - len(inside.lstrip())
    return opening, start, len(body)


def _inside_brackets(word: Word, words: list[Word]) -> bool:
    opened = False
    for w in words:
        if "[" in w.text:
            opened = True
        if w is word:
            return opened
        if "]" in w.text:
            opened = False
    return False


def _same_name(a: Any, b: Any) -> bool:
    return normalize(str(a or "")).lower() == normalize(str(b or "")).lower()


def _titles_by_ticks(owner: ReportingOwner) -> ReportingOwner:
    """The Reporting Owners table's text under Officer or Other, set by box 5's ticks where they say which it is: a
    title read under Other ("CEO" printed at the right of a narrow Officer column) of an officer who is not "other"
    is the officer's title (and no "other" text where box 5 gave the same title), and the other way round."""
    officer, other = owner.is_officer.value, owner.is_other.value
    if officer is True and other is False and not owner.other_text.empty:
        if owner.officer_title.empty:
            return dataclasses.replace(owner, officer_title=owner.other_text, other_text=Value())
        if _same_name(owner.officer_title.value, owner.other_text.value):
            return dataclasses.replace(owner, other_text=Value())  # box 5 gave it as the title already
    if other is True and officer is False and not owner.officer_title.empty:
        if owner.other_text.empty:
            return dataclasses.replace(owner, other_text=owner.officer_title, officer_title=Value())
        if _same_name(owner.officer_title.value, owner.other_text.value):
            return dataclasses.replace(owner, officer_title=Value())
    return owner


def _merge(base: ReportingOwner | None, other: ReportingOwner | None,
           prefer_other: Sequence[str] = ()) -> ReportingOwner:
    """Fields of `base`, filled (or, for `prefer_other`, replaced) from `other` where it has them."""
    if base is None:
        return other or ReportingOwner()
    if other is None:
        return base
    values = {}
    for name in base.__dataclass_fields__:
        mine, theirs = getattr(base, name), getattr(other, name)
        if name in prefer_other and not theirs.empty:
            values[name] = theirs
        elif mine.empty and not theirs.empty:
            values[name] = theirs
        else:
            values[name] = mine
    return ReportingOwner(**values)


__all__ = ["read_pdf", "SCAN_NOTE", "LAYOUT_NOTE", "FormReader"]
