"""The real ``skapa supervisor`` in a pseudo-terminal, read as a person sees it
(`pty_terminal.PtyApp`): the desk's counterpart of `kiosk_pty`.

`demo_folder` makes the demo data folder (the one ``make desk`` uses: a year
of readings of both sides, plans, interventions, changes of supervisor);
`start_desk` starts the desk on it and waits for the sign-in; `sign_in`
types an ID and a passphrase as a person does. Texts are looked up in the
real catalogs (`said`), so a test waits for what the screen says in its
language.
"""

from __future__ import annotations

from pathlib import Path

from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.tools import demo

from ..conftest import _clean_env, skapa_command
from .kiosk_pty import said
from .pty_terminal import PtyApp

SUPERVISOR, PASSPHRASE = "demo", "demo-passphrase"
LEADER, LEADER_PASSPHRASE = "leader", "leader-passphrase"


def demo_folder(root: Path) -> Path:
    """The demo data folder under ``root`` (made once)."""
    data = root / "demo-data"
    if not data.exists():
        demo.build(Store(data), flow_library())
    return data


def start_desk(tmp_path: Path, data: Path, lang: str, size: tuple[int, int] = (80, 24), *args: str) -> PtyApp:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = _clean_env(home, lang, TERM="xterm-256color")
    desk = PtyApp([*skapa_command(), "supervisor", "--data", str(data), "--lang", lang, *args], env, tmp_path,
                  size)
    desk.wait_for(said(lang, "The supervisor's desk"), timeout=60)
    desk.wait_quiet()
    return desk


def sign_in(desk: PtyApp, supervisor_id: str, passphrase: str) -> None:
    desk.type(supervisor_id)
    desk.send("enter")
    desk.type(passphrase)
    desk.send("enter")
