"""The participant's summary to take home: where to save the PDF, and in which language (modal).

The file offered is in the user's home folder, named by today's date only
(``skapa-summary-<date>.pdf``, ``-2``, ``-3`` … when that name is taken: never
the participant's code); the language is that of the participant's latest
own reading. The page is made and written (0600) by the same function as
``skapa summary`` (`skapa_tui.render.summary_file.write_summary`). A file that is
already there is not replaced, and a folder that is missing or may not be
written in is said in one line: nothing is lost, the supervisor can give
another name. The page names the supervisor and how to reach them
(`Desk.me`); each summary made is kept in the participant's access record.
Dismisses with the path written, or None.

In a browser (``skapa serve desk``: ``app.is_web``) a file on the server
would reach nobody: the modal asks only for the language, and "Download"
(it has the focus: Enter) sends the page to the supervisor's browser with Textual's `deliver_binary`
(named by the date, as above); it says so and dismisses with None.
"""

from __future__ import annotations

from pathlib import Path

from textual import getters
from textual.app import ComposeResult
from textual.widgets import Button, Input, Select, Static

from ...domain.access import SUMMARY
from ...domain.history import History
from ...i18n import N_, _, language_name, offered_languages
from ...render.summary_file import default_summary_path, save_problem, summary_language, write_summary
from ...storage import StorageError
from ..app_base import SkapaApp, unless_taken_away
from ..widgets.field import Field
from .form_modal import FormModal

TITLE = N_("Summary to take home")
ABOUT = N_("A one-page summary for the participant, as a PDF: the latest answers, "
           "the chart, the plan and the next meeting. Only you can read the file.")
FILE = N_("Save as")
LANGUAGE = N_("Language")
SAVE = N_("Save")
NO_NAME = N_("Please write where to save the file.")
TAKEN = N_("There is already a file {path}. Please give another name.")
NOT_SAVED = N_("The summary was not saved: {path}: {reason}")
WEB_ABOUT = N_("A one-page summary for the participant, as a PDF: the latest answers, "
               "the chart, the plan and the next meeting. Your browser downloads it.")
DOWNLOAD = N_("Download")
DOWNLOADING = N_("The summary {name} is on its way to your browser's downloads.")


def free_path(path: Path) -> Path:
    """``path``, or the first of ``name-2.pdf``, ``name-3.pdf`` … that is not taken."""
    n = 2
    found = path
    while found.exists():
        found = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return found


class SummarySaveScreen(FormModal[Path | None]):
    app = getters.app(SkapaApp)

    AUTO_FOCUS = "#path, #save"  # the first there: a browser's modal has no #path
    TITLE, ABOUT, PRIMARY, PRIMARY_ID = TITLE, ABOUT, SAVE, "save"

    def __init__(self, desk, code: str, home: Path | None = None) -> None:
        super().__init__()
        if self.app.is_web:
            self.ABOUT, self.PRIMARY = WEB_ABOUT, DOWNLOAD
        self.desk = desk
        self.code = code
        self.home = home
        self.history: History | None = None
        self.lang: str | None = None

    def compose_fields(self) -> ComposeResult:
        try:
            self.history = self.desk.history(self.code)
            self.lang = summary_language(self.history)
        except StorageError:
            self.history = None  # said in on_mount
        lang = self.lang or self.app.lang
        options = [(language_name(code), code) for code in offered_languages()]
        if not self.app.is_web:
            yield Field(str(free_path(default_summary_path(self.desk.today(), self.home))), id="path",
                        classes="wide")
        yield Static(id="lang-label", markup=False)
        yield Select(options, value=lang if lang in offered_languages() else options[0][1], allow_blank=False,
                     id="lang", compact=True)

    @unless_taken_away
    def on_mount(self) -> None:
        super().on_mount()
        if self.history is None:
            try:
                self.desk.history(self.code)
            except StorageError as exc:
                self.message.error(exc)
                self.query_one("#save", Button).disabled = True

    def relabel_fields(self) -> None:
        if not self.app.is_web:
            self.query_one("#path", Input).border_title = _(FILE)
        self.query_one("#lang-label", Static).update(_(LANGUAGE))

    def submit(self) -> None:
        if self.app.is_web:
            self.download()
            return
        message = self.message
        text = self.query_one("#path", Input).value.strip()
        if not text:
            message.say(NO_NAME)
            return
        if self.history is None:
            return
        path = Path(text).expanduser()
        if path.exists() and not path.is_dir():
            message.say(TAKEN, path=str(path))
            return
        try:
            # Still mine now, when it is written? And kept in the access record.
            self.desk.looked_at(self.code, SUMMARY)
        except StorageError as exc:
            message.error(exc)
            return
        lang = self.query_one("#lang", Select).value
        try:
            written = write_summary(path, self.history, self.desk.flow_for, str(lang), self.desk.today(),
                                    self.desk.me())
        except OSError as exc:
            where = path if path.is_dir() else path.parent  # a folder missing or closed to us
            message.say(NOT_SAVED, path=str(where), reason=save_problem(exc))
            return
        self.dismiss(written)

    def download(self) -> None:
        """Send the page to the browser (skapa serve): named by the date, never the code."""
        if self.history is None:
            return
        import io

        from ...render.summary_file import summary_bytes

        try:
            self.desk.looked_at(self.code, SUMMARY)  # still mine, and kept in the access record
        except StorageError as exc:
            self.message.error(exc)
            return
        lang = str(self.query_one("#lang", Select).value)
        data = summary_bytes(self.history, self.desk.flow_for, lang, self.desk.today(), self.desk.me())
        name = default_summary_path(self.desk.today()).name
        self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type="application/pdf")
        self.app.notify(_(DOWNLOADING).format(name=name), timeout=15)
        self.dismiss(None)
