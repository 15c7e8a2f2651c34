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
from textual.widgets import Input

from ...i18n import N_, _
from ...storage import StorageError
from ...storage.files import atomic_write
from ..widgets.field import Field
from .form_modal import FormModal

TITLE = N_("Save the report as HTML")
ABOUT = N_("The page opens in a web browser and prints well. Only you can read the file.")
FILE = N_("File")
SAVE = N_("Save")


class ExportReportScreen(FormModal[Path | None]):
    AUTO_FOCUS = "#path"
    TITLE, ABOUT, PRIMARY, PRIMARY_ID = TITLE, ABOUT, SAVE, "save"

    def __init__(self, page: str, name: str) -> None:
        super().__init__()
        self.page = page
        self.name_suggested = name

    def compose_fields(self) -> ComposeResult:
        yield Field(self.name_suggested, id="path", classes="wide")

    def relabel_fields(self) -> None:
        self.query_one("#path", Input).border_title = _(FILE)

    def submit(self) -> None:
        message = self.message
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
