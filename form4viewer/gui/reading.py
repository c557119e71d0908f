"""Reading a file in a process of its own, so that parsing a PDF uses the other core and never holds the window's
interpreter lock. Qt-free on purpose: the reading process imports only this and the readers.

A scan read by OCR takes seconds a page: the reading process says how far it is on a queue the window looks at
(`progress`), and hands back the page images as read (upright and level, the images the values' boxes are
measured on) with the filing, for the window to draw."""

from __future__ import annotations

import logging
import os
import sys
import threading
from concurrent.futures import Future
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from queue import Empty
from typing import Any, NamedTuple

from ..errors import Form4ViewerError, ReadError
from ..limits import DEFAULT_SECONDS, time_budget

log = logging.getLogger(__name__)

_submitting = threading.Lock()

#: How much lower the reading process's priority is than the window's: on a busy machine the window draws first and
#: the reading takes the time the window leaves (which is nearly all of it once the window is drawn).
READING_NICENESS = 10


#: The time the reading process gives one file (Esc stops it sooner): a file that needs longer is built to waste it.
#: A scan has it for each page (limits.fresh_time).
READING_SECONDS = DEFAULT_SECONDS

#: The finest a scan's page image is handed to the window, in pixels to the inch: sharp at twice a screen's size,
#: and a third of the memory of a page scanned at 300 dpi.
PAGE_IMAGE_DPI = 200.0

#: Where the reading process says how far it is: (path, pages read, pages). Made with the reading process.
_progress: Any = None
#: The reading process's end of it.
_progress_out: Any = None


class PageImage(NamedTuple):
    """A scan's page as read, for the window to draw: `width` x `height` pixels of 8-bit grey, one byte a pixel row
    by row (`pixels`), at `dpi` pixels to the inch, so that a value's box in points is at 72 points to `dpi`
    pixels."""

    width: int
    height: int
    pixels: bytes
    dpi: float


def page_image(image: Any, dpi: float) -> PageImage:
    """A Pillow page image as it is handed to the window: grey, and no finer than PAGE_IMAGE_DPI."""
    image = image.convert("L")
    if dpi > PAGE_IMAGE_DPI:
        from PIL import Image

        width = image.size[0]
        scale = PAGE_IMAGE_DPI / dpi
        image = image.resize((max(1, round(width * scale)), max(1, round(image.size[1] * scale))),
                             Image.Resampling.LANCZOS)
        dpi = dpi * image.size[0] / width
    return PageImage(image.size[0], image.size[1], image.tobytes(), dpi)


def straightened_pages(data: bytes, name: str, kind: str = "image", password: str | None = None) -> list[PageImage]:
    """The page images of a scan as its reading saw them, made again from the file's bytes: each page decoded as the
    scan reader decodes it (an image file's frames, or an image-only PDF's pages drawn as it draws them, `kind`
    "pdf"), turned upright and levelled by the reader's own `straighten`, and handed over as `page_image` hands the
    reading's pages, so the values' boxes fall where they were read. For a scan shown again without its reading
    (from the Library, after a restart); seconds a page (the engine tells which way up a page stands), so it is
    called off the window's thread. Raises ReadError naming the file when it cannot be decoded."""
    from ..readers.scan import image_pages, pdf_pages, straighten

    pages = []
    for image, dpi in (pdf_pages(data, name, password) if kind == "pdf" else image_pages(data, name)):
        upright, _skew, _turned = straighten(image, dpi)
        pages.append(page_image(upright, dpi))
    return pages


def _start_child(parent: int, creator_is_main_thread: bool, progress: Any = None) -> None:
    """Run in the reading process when it starts: it ends with the window's process, however that ends, and
    takes the time the window leaves; `progress` is the queue it says how far it is on."""
    from ..readers import end_with_parent

    global _progress_out
    _progress_out = progress
    end_with_parent(parent, creator_is_main_thread=creator_is_main_thread)
    try:
        os.nice(READING_NICENESS)
    except (AttributeError, OSError):  # no os.nice (Windows), or not allowed: the same priority as the window
        pass


def read_file(path: str, password: str | None = None) -> tuple[Any, bytes, list[PageImage]]:
    """The filing in a file, the bytes it was read from, as everywhere else (readers.read_file), and the page
    images of a scan as they were read (none for a file of another kind). How far a scan is goes to the window's
    queue as each page starts."""
    from ..readers import read_file as read

    pages: list[PageImage] = []

    def progress(done: int, total: int) -> None:
        if _progress_out is not None:
            _progress_out.put((path, done, total))

    def page_read(number: int, image: Any, dpi: float) -> None:
        pages.append(page_image(image, dpi))

    filing, data = read(path, password, progress=progress, page_read=page_read)
    return filing, data, pages


def _needs_password(exc: Form4ViewerError) -> bool:
    return isinstance(exc, ReadError) and "password-protected" in exc.problem


def _read_in_child(path: str, password: str | None = None) -> tuple[str, Any]:
    """("ok", (filing, bytes)), ("password", (message, a password was given)) or ("error", message): the
    project's errors do not survive pickling as they are."""
    from ..readers import shown_name

    try:
        # The reading process runs each reading on its main thread, where the budget's timer can stop anything.
        with time_budget(READING_SECONDS, shown_name(path)):
            return "ok", read_file(path, password)
    except Form4ViewerError as exc:
        if _needs_password(exc):
            return "password", (str(exc), password is not None)
        return "error", str(exc)
    except MemoryError:
        return "error", f"{shown_name(path)}: not enough memory to read it"
    except Exception as exc:  # a reader bug: reported plainly, logged in the reading process
        log.exception("unexpected error reading %s", shown_name(path))
        return "error", f"{shown_name(path)}: could not be read ({type(exc).__name__}: {exc})"


def _context() -> BaseContext:
    """How the reading process is started. Forked while this process is still one thread without Qt (a file named
    on the command line is read from before Qt loads): the copy starts at once, with the library already imported,
    instead of a new interpreter competing with the window for the CPU while it starts. Otherwise started fresh:
    forking a process that runs Qt's threads can leave the copy holding a lock no thread will release."""
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules:
        return get_context("fork")
    return get_context("spawn")


class _ReadingProcess:
    """The reading process and the two pipes to it: jobs go in one, answers come back on the other, one job at a
    time. This process keeps no copy of either pipe's far end, so when the reading process ends (stopped with Esc or
    by quitting, killed, out of memory) a wait for its answer ends at once, also in the middle of an answer being
    sent; a pool that keeps both ends of its result pipe waits for the rest of that answer for ever."""

    def __init__(self) -> None:
        # Started on the thread that asks first (see readers.end_with_parent), before any thread of this module.
        context = _context()
        self.progress = context.Queue()
        jobs_out, self.jobs = context.Pipe(duplex=False)
        self.answers, answers_in = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_serve, name="form4viewer-reading", daemon=True,
            args=(jobs_out, answers_in, os.getpid(), threading.current_thread() is threading.main_thread(),
                  self.progress))
        self.process.start()
        jobs_out.close()
        answers_in.close()
        self._turn = threading.Lock()
        self.ended = False

    def run(self, future: Future[Any], work: Any, args: tuple[Any, ...]) -> None:
        """Hand `work(*args)` to the reading process and settle `future` with its answer, or with
        ProcessStoppedError when the process ends first. Called on a thread of its own."""
        with self._turn:
            if not future.set_running_or_notify_cancel():
                return
            try:
                if self.ended:
                    raise EOFError
                self.jobs.send((work, args))
                status, value = self.answers.recv()
            except (EOFError, OSError, ValueError):  # ended before or while it answered (a closed pipe: ValueError)
                self._ended()
                future.set_exception(ProcessStoppedError("the reading process stopped before it answered"))
                return
            except Exception as exc:  # an answer this process cannot unpickle
                future.set_exception(exc)
                return
        if status == "ok":
            future.set_result(value)
        else:
            future.set_exception(value)

    def _ended(self) -> None:
        self.ended = True
        for end in (self.jobs, self.answers):
            end.close()

    def stop(self) -> None:
        """End the reading process now, also in the middle of a job: whoever waits for it is answered at once."""
        self.ended = True
        if self.process.is_alive():
            self.process.terminate()


def _serve(jobs: Any, answers: Any, parent: int, creator_is_main_thread: bool, progress: Any) -> None:
    """The reading process: do each job handed over and send its answer back, on the main thread (where a
    reading's time budget can stop anything), until the window's process goes."""
    _start_child(parent, creator_is_main_thread, progress)
    while True:
        try:
            work, args = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", work(*args))
        except Exception as exc:
            answer = ("raised", exc)
        try:
            answers.send(answer)
        except Exception as exc:  # an answer that cannot be pickled: said so instead
            answers.send(("raised", RuntimeError(f"the reading process could not hand back its answer "
                                                 f"({type(exc).__name__}: {exc})")))


_process: _ReadingProcess | None = None


def _submit(work: Any, *args: Any) -> Future[Any]:
    """Run `work(*args)` in the reading process (started the first time, and again after it ended); the future
    holds what it returns, or what it raised."""
    global _process, _progress
    with _submitting:  # worker threads submit too: one reading process, however many ask at once
        if _process is None or _process.ended or not _process.process.is_alive():
            _process = _ReadingProcess()
            _progress = _process.progress
        process = _process
    future: Future[Any] = Future()
    threading.Thread(target=process.run, args=(future, work, args), name="reading-answer", daemon=True).start()
    return future


def start_reading(path: str, password: str | None = None) -> Future[tuple[str, Any]]:
    """Start reading `path` in the reading process (started the first time, and again if it was killed);
    `password` opens a password-protected PDF."""
    return _submit(_read_in_child, os.fspath(path), password)


def _straighten_in_child(data: bytes, name: str, kind: str, password: str | None) -> tuple[str, Any]:
    """("ok", pages) or ("error", message), as `_read_in_child` answers."""
    from ..readers import shown_name

    try:
        return "ok", straightened_pages(data, name, kind, password)
    except Form4ViewerError as exc:
        return "error", str(exc)
    except MemoryError:
        return "error", f"{shown_name(name)}: not enough memory to draw its pages"
    except Exception as exc:  # a bug: reported plainly, logged in the reading process
        log.exception("unexpected error drawing the pages of %s", shown_name(name))
        return "error", f"{shown_name(name)}: its pages could not be drawn ({type(exc).__name__}: {exc})"


def scan_pages_elsewhere(data: bytes, name: str, kind: str = "image",
                         password: str | None = None) -> list[PageImage]:
    """`straightened_pages` made in the reading process, waiting for it (call this on a worker thread): the
    decoding and straightening never hold the window's interpreter lock, and take the time the window leaves.
    Raises ReadError naming the file when it cannot be decoded, and ProcessStoppedError when the reading process
    stopped before it was done (a reading stopped with Esc ends it)."""
    try:
        status, value = _submit(_straighten_in_child, data, name, kind, password).result()
    except Exception as exc:  # the reading process was stopped or died
        raise ProcessStoppedError(f"{name}: the reading process stopped ({type(exc).__name__}: {exc})") from None
    if status == "error":
        raise _FailedError(value)
    return list(value)


def progress() -> tuple[str, int, int] | None:
    """The latest word from the reading process on how far it is, (path, pages read, pages), or None when it
    has said nothing since the last call. Never waits."""
    latest = None
    while _progress is not None:
        try:
            latest = _progress.get_nowait()
        except (Empty, OSError, ValueError):  # nothing more, or the queue closed with a stopped reading
            break
    return latest


def result_of(future: Future[tuple[str, Any]]) -> tuple[Any, bytes, list[PageImage]]:
    """The (filing, bytes, scan's page images) of a reading; raises ReadError with the reader's message when it
    failed."""
    try:
        status, value = future.result()
    except Exception as exc:  # the reading process died (out of memory, killed)
        raise ReadError(None, f"the reading process stopped ({type(exc).__name__}: {exc})") from None
    if status == "password":
        message, wrong = value
        raise PasswordRequiredError(message, wrong)
    if status == "error":
        raise _FailedError(value)
    return value


class _FailedError(Form4ViewerError):
    """A reading that failed in the reading process; the message already names the file."""


class ProcessStoppedError(Form4ViewerError):
    """The reading process stopped (or died) before it answered."""


class PasswordRequiredError(_FailedError):
    """The PDF is password-protected: no password was given (`wrong` False) or the one given does not open it."""

    def __init__(self, message: str, wrong: bool) -> None:
        super().__init__(message)
        self.wrong = wrong


def shutdown() -> None:
    """Stop the reading process, also in the middle of a long reading, so that quitting does not wait for it; whoever
    waits for one of its answers gets ProcessStoppedError."""
    global _process, _progress
    with _submitting:
        process, _process = _process, None
        _progress = None
    if process is not None:
        process.stop()
