"""The desktop window. The only package that imports PySide6; it shows and edits what the Qt-free library reads,
checks, stores and exports.

- `app`: `run()`, the QApplication and the `--screenshot` mode
- `document`: the open filing, its undo stack and problems; every edit goes through it
- `commands`: the QUndoCommands an edit pushes
- `models`, `delegates`: item models and editors for the tables, footnotes, problems and library
- `fields`: the header widgets (issuer, owners, boxes), each bound to one field path
- `source_view`: the source pane (PDF pages or text), highlighting where a value was read
- `workers`: reading, importing and rendering off the UI thread
- `main_window`: the window that puts it all together
"""
