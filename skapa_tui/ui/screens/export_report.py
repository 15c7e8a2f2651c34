"""Save the organisation's report as an HTML page (modal).

The leader names the file (a default name is filled in); the page is
written whole, readable by its owner only (0600), and replaces a file of
that name. A folder, a missing folder or a refused write is said in the
message line and nothing is lost: the leader can give another name.
Dismisses with the path written, or None.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...i18n import N_, _
from ...storage import StorageError
from ...storage.files import atomic_write
from ..widgets.message_line import MessageLine

TITLE = N_("Save the report as HTML")
ABOUT = N_("The page opens in a web browser and prints well. Only you can read the file.")
FILE = N_("File")
SAVE = N_("Save")
CANCEL = N_("Cancel")


class ExportReportScreen(ModalScreen[Path | None]):
    AUTO_FOCUS = "#path"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    DEFAULT_CSS = """
    ExportReportScreen {
        align: center middle;
    }
    ExportReportScreen #path {
        width: 100%;
    }
    """

    def __init__(self, page: str, name: str) -> None:
        super().__init__()
        self.page = page
        self.name_suggested = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(id="title", classes="modal-title", markup=False)
            yield Static(id="about", markup=False)
            yield Input(self.name_suggested, id="path")
            yield MessageLine(id="message")
            with Horizontal(classes="modal-buttons"):
                yield Button(id="save", variant="primary", compact=True)
                yield Button(id="cancel", compact=True)

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        self.query_one("#title", Static).update(_(TITLE))
        self.query_one("#about", Static).update(_(ABOUT))
        self.query_one("#path", Input).border_title = _(FILE)
        self.query_one("#save", Button).label = _(SAVE)
        self.query_one("#cancel", Button).label = _(CANCEL)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        message = self.query_one("#message", MessageLine)
        text = self.query_one("#path", Input).value.strip()
        if not text:
            message.say(N_("Please write the name of the file."))
            return
        path = Path(text).expanduser()
        if path.is_dir():
            message.say(N_("{path} is a folder; give a file name."), path=str(path))
            return
        if not path.parent.is_dir():
            message.say(N_("The folder {path} does not exist."), path=str(path.parent))
            return
        try:
            atomic_write(path, self.page.encode("utf-8"))
        except StorageError as exc:
            message.error(exc)
            return
        self.dismiss(path)
