"""The web server of ``skapa serve``: the kiosk or the desk in a browser tab.

Built on aiohttp and textual-serve's parts (its `AppService`, which speaks
Textual's web driver protocol with an app process, its `DownloadManager`,
and its browser side, ``textual.js`` with xterm.js), but not on its
`Server`: this one adds what a shared kiosk and a desk with people's data
need.

What it serves (every address relative to where the page is, so a reverse
proxy may put it under a path such as ``/kiosk/``)::

    /                       the page (templates/page.html), in the browser's language
    /static/NAME            the page's files: a fixed list, no folder listing
    /ws/LANG/POINTER        the terminal's websocket: one app process per connection
    /download/KEY           a file the app delivers (the desk's summary PDF)

- **One app process per connection** (`skapa_tui.serve.session`), started
  with the mode's options and the tab's language, its touch or mouse
  pointer; it ends when the tab closes, and the kiosk's answers are saved
  as they are given. No keeper restarts an app here: when one ends because
  of a bug (logged in the data folder's error log by the app), is killed,
  or freezes (a kiosk beats through a pipe about once a second, as under
  the keeper; after `STALL_SECONDS` without a beat the server logs what it
  was doing and ends it), the page is told (close code `CLOSE_CRASHED`),
  says so and loads a fresh start screen.
- **Nothing from another site.** The websocket is opened only when its
  ``Origin`` is the site that serves it (``--public-url``'s origin, or else
  the request's own host); every request's ``Host`` must be an address,
  ``localhost``, this computer's name, ``--host`` or ``--public-url``'s host
  (a page of another site that points its name at this computer, DNS
  rebinding, is refused). The page loads nothing from elsewhere (its
  Content-Security-Policy says ``'self'`` only) and may not be framed.
- **A cap on live sessions** (``--max-sessions``): one more connection is
  accepted only to be closed with `CLOSE_FULL`; the page says the kiosk or
  desk is busy and tries again.
- **Stopping** (SIGTERM, SIGINT, SIGHUP): every app is asked to end and is
  killed after `STOP_SECONDS`; every page is told (`CLOSE_GOING_AWAY`) and
  waits until the server answers again, then loads a fresh start screen.

Imports neither textual nor rich (nor textual-serve's `Server`, which brings
rich): the ``serve`` command starts fast, and only each session's process
loads Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from aiohttp.helpers import content_disposition_header
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .. import __version__, i18n
from ..i18n import N_, _
from ..storage.error_log import kiosk_error_log
from ..ui.restart import (
    CRASHED,
    DUMP_END,
    DUMP_SECONDS,
    DUMP_START,
    HEARTBEAT,
    STALL_SECONDS,
    START_SECONDS,
    Frozen,
    log_error,
)
from . import DEFAULT_MAX_SESSIONS, DESK, KIOSK
from . import session as session_entry
from .page import POINTERS, page_language, render_page

HERE = Path(__file__).resolve().parent

STOP_SECONDS = 3.0
"""An app asked to end that is still there after this long is killed."""
CLOSE_SECONDS = 2.0
"""How long closing a websocket waits for the page's answer (a page that is gone gives none)."""
HEARTBEAT_SECONDS = 15.0
"""The websocket's own ping: a browser that stops answering for this long is gone."""
MAX_MESSAGE = 64 * 1024
"""The largest message the page may send (keys, a paste, a resize)."""
MAX_SIZE = (500, 200)
"""The most columns and rows a page may ask for."""

CLOSE_ENDED = 1000
"""The app ended by itself (the desk was closed)."""
CLOSE_GOING_AWAY = 1001
"""The server stops."""
CLOSE_FULL = 4029
"""Every place is taken (``--max-sessions``)."""
CLOSE_CRASHED = 4500
"""The app ended because of a bug, was killed, or froze."""

FONT_TYPES = {".woff2": "font/woff2", ".css": "text/css", ".js": "text/javascript"}


def _static_files() -> dict[str, Path]:
    """The only files under ``/static/``: the page's own and textual-serve's terminal."""
    textual_serve = Path(str(files("textual_serve"))) / "static"
    found = {
        "textual.js": textual_serve / "js" / "textual.js",
        "xterm.css": textual_serve / "css" / "xterm.css",
        "skapa.js": HERE / "static" / "skapa.js",
        "skapa.css": HERE / "static" / "skapa.css",
    }
    for font in sorted((HERE / "static" / "fonts").glob("*.woff2")):
        found[f"fonts/{font.name}"] = font
    return found


CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'")
"""textual.js adds its styles as <style> elements: hence 'unsafe-inline' for styles only."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Settings:
    """What ``skapa serve`` was asked for (the CLI checks the values)."""

    mode: str
    data_dir: Path
    lang: str | None = None
    """The language of every tab; None: each browser's, else the server user's, else the default."""
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    idle_seconds: float | None = None
    countdown_seconds: float | None = None
    lock_minutes: float | None = None
    stall_seconds: float = STALL_SECONDS
    start_seconds: float = START_SECONDS
    debug: bool = False
    """Let the apps' own error output through to the server's (``SKAPA_DEBUG``)."""

    @property
    def error_log(self) -> Path:
        log = kiosk_error_log(self.data_dir)
        return log if self.mode == KIOSK else log.with_name("supervisor-errors.log")


# ---- one connection's app -------------------------------------------------------------


class Session(AppService):
    """One tab's app process, talked to with Textual's web driver protocol.

    textual-serve's `AppService`, with these differences: the app is started
    from an argument list (no shell); its error output goes nowhere (the app
    logs its bugs privately); the app's own "exit" does not close the page,
    the end of its process does (with a code that says how it ended); a
    kiosk's heartbeat is watched; and `stop` kills an app that does not end
    when asked."""

    def __init__(self, args: list[str], websocket: web.WebSocketResponse, downloads: DownloadManager,
                 *, heartbeat: bool, stall_seconds: float, start_seconds: float, debug: bool = False):
        super().__init__("", write_bytes=self._to_page_bytes, write_str=self._to_page_text,
                         close=self._nothing, download_manager=downloads)
        self.args = args
        self.websocket = websocket
        self.heartbeat = heartbeat
        self.stall_seconds = stall_seconds
        self.start_seconds = start_seconds
        self.show_errors = debug
        self.frozen: str | None = None
        """What a frozen app was doing (its stacks), once the server ended it."""
        self.killed = False
        """The server had to kill the app (it did not end when asked, or froze)."""
        self._beats: int | None = None
        self._said = bytearray()
        self._collecting = False
        self._beaten = False
        self._last_beat = time.monotonic()
        self._watch: asyncio.Task[None] | None = None

    # -- the page's side
    async def _to_page_bytes(self, data: bytes) -> None:
        if not self.websocket.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.websocket.send_bytes(data)

    async def _to_page_text(self, text: str) -> None:
        if not self.websocket.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.websocket.send_str(text)

    async def _nothing(self) -> None:
        pass

    # -- the process
    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        package_root = str(Path(__file__).resolve().parents[2])
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, environment.get("PYTHONPATH", "")) if p)
        args = list(self.args)
        pass_fds: tuple[int, ...] = ()
        write = None
        if self.heartbeat:
            self._beats, write = os.pipe()
            os.set_blocking(self._beats, False)
            args += ["--heartbeat-fd", str(write)]
            pass_fds = (write,)
        try:
            self._process = process = await asyncio.create_subprocess_exec(
                *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=None if self.show_errors else asyncio.subprocess.DEVNULL,
                env=environment, pass_fds=pass_fds,
                # A group of its own: the terminal's ctrl+c and hang-up reach the server only,
                # which ends every app itself (and an app whose server is gone ends by itself).
                start_new_session=True)
        finally:
            if write is not None:
                os.close(write)
        assert process.stdin is not None
        self._stdin = process.stdin
        if self._beats is not None:
            self._last_beat = time.monotonic()
            asyncio.get_running_loop().add_reader(self._beats, self._read_beats)
            self._watch = asyncio.create_task(self._watch_beats())
        return process

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        return self._process

    async def run(self) -> None:
        """Pass the app's output to the page until the app closes it."""
        process = self._process
        assert process is not None and process.stdout is not None
        stdout = process.stdout
        try:
            for _line in range(10):  # the web driver's prelude comes first
                line = await stdout.readline()
                if not line or line == b"__GANGLION__\n":
                    break
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                try:
                    if kind == b"D":
                        await self.on_data(payload)
                    elif kind == b"M":
                        await self.on_meta(payload)
                    elif kind == b"P":
                        await self.on_packed(payload)
                except (ValueError, KeyError, TypeError, IndexError):
                    continue  # a packet this server does not understand: the next one
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass

    async def on_meta(self, data: bytes) -> None:
        try:
            kind = json.loads(data).get("type")
        except (ValueError, AttributeError):
            return
        if kind in ("exit", "open_url"):
            return  # the end of the process says how it ended; the app opens no other page
        try:
            await super().on_meta(data)
        except (KeyError, TypeError, ValueError):
            pass

    async def ended(self) -> int:
        """Wait until the app's process has ended; its return code."""
        if self._task is not None:
            await asyncio.shield(self._task)
        assert self._process is not None
        code = await self._process.wait()
        self._close_beats()
        return code

    async def stop(self) -> None:
        """Ask the app to end; kill it after `STOP_SECONDS`. Idempotent."""
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), STOP_SECONDS)
            except TimeoutError:
                self._kill()
        await self.ended()

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            self.killed = True
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    # -- the kiosk's heartbeat
    def _read_beats(self) -> None:
        try:
            chunk = os.read(self._beats, 65536) if self._beats is not None else b""
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._close_beats()
            return
        if self._collecting:
            self._said += chunk
        if HEARTBEAT in chunk:
            self._beaten = True
            self._last_beat = time.monotonic()

    def _close_beats(self) -> None:
        if self._beats is not None:
            asyncio.get_running_loop().remove_reader(self._beats)
            os.close(self._beats)
            self._beats = None
        if self._watch is not None and self._watch is not asyncio.current_task():
            self._watch.cancel()

    async def _watch_beats(self) -> None:
        while self._beats is not None and self._process is not None and self._process.returncode is None:
            allowed = self.stall_seconds if self._beaten else self.start_seconds
            if time.monotonic() - self._last_beat >= allowed:
                self.frozen = await self._stacks()
                self._kill()
                return
            await asyncio.sleep(min(0.5, allowed / 4))

    async def _stacks(self) -> str:
        """Ask the frozen app what it is doing (its tasks, then its threads), as the keeper does."""
        assert self._process is not None
        self._said.clear()
        self._collecting = True
        for signum in (signal.SIGUSR1, signal.SIGUSR2):
            try:
                self._process.send_signal(signum)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + DUMP_SECONDS
            while time.monotonic() < deadline and DUMP_END not in self._said and self._beats is not None:
                await asyncio.sleep(0.05)
            if DUMP_END in self._said:
                break
        self._collecting = False
        text = bytes(self._said).replace(HEARTBEAT, b"").replace(DUMP_START, b"").replace(DUMP_END, b"")
        return text.strip().decode("utf-8", "replace")


# ---- the server ------------------------------------------------------------------------


def _host_and_port(netloc: str) -> tuple[str, int | None]:
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    return (parts.hostname or "").lower().rstrip("."), port


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host, port = _host_and_port(parts.netloc)
    return scheme, host, port if port is not None else (443 if scheme in ("https", "wss") else 80)


class Server:
    """The aiohttp application of one ``skapa serve`` and its live sessions."""

    def __init__(self, settings: Settings, say: Callable[[str], None] = print):
        self.settings = settings
        self.say = say
        self.downloads = DownloadManager()
        self.sessions: set[Session] = set()
        self.handlers: set[asyncio.Task[Any]] = set()
        self.stopping = False
        self.full_said = False
        self.static = _static_files()
        self.runner: web.AppRunner | None = None
        allowed = {"localhost", settings.host.lower().strip("[]"), socket.gethostname().lower()}
        with contextlib.suppress(OSError):
            allowed.add(socket.getfqdn().lower())
        if settings.public_url:
            allowed.add(_origin(settings.public_url)[1])
        self.allowed_hosts = {h for h in allowed if h}
        self.refused_hosts: set[str] = set()
        """The names refused so far (each said once, the first few only)."""

    # -- the application
    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        app.on_response_prepare.append(self._security_headers)
        app.add_routes([
            web.get("/", self.handle_page),
            web.get("/static/{name:.+}", self.handle_static),
            web.get("/ws/{lang}/{pointer}", self.handle_websocket),
            web.get("/download/{key:[0-9a-f]{32}}", self.handle_download),
        ])
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        if not self.host_allowed(request.host):
            name = (request.host or "-")[:100]
            if name not in self.refused_hosts and len(self.refused_hosts) < 20:
                self.refused_hosts.add(name)
                self._say(N_("Refused a request for {host}: not a name of this server (give the address "
                             "people open with --public-url)."), host=name)
            response: web.StreamResponse = web.Response(status=421, text="misdirected request\n")
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                response = web.Response(status=exc.status, text=f"{exc.reason}\n")
        return response

    @staticmethod
    async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's ``Host`` names this server (an address, or a name it knows)."""
        if not host_header:
            return False
        host, port = _host_and_port(host_header)
        if port == -1 or not host:
            return False
        if host in self.allowed_hosts:
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    def origin_allowed(self, request: web.Request) -> bool:
        """Whether the websocket comes from a page of this site."""
        origin = request.headers.get("Origin")
        if not origin or origin == "null":
            return False
        scheme, host, port = _origin(origin)
        if scheme not in ("http", "https"):
            return False
        if self.settings.public_url:
            return (scheme, host, port) == _origin(self.settings.public_url)
        served_host, served_port = _host_and_port(request.host)
        return host == served_host and (served_port is None or served_port == port)

    # -- the page and its files
    async def handle_page(self, request: web.Request) -> web.Response:
        lang = self.settings.lang or page_language(request.headers.get("Accept-Language", ""))
        html = render_page(self.settings.mode, lang, __version__)
        return web.Response(text=html, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        path = self.static.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        headers = {"Cache-Control": "no-cache"}
        if path.suffix in FONT_TYPES:
            headers["Content-Type"] = FONT_TYPES[path.suffix]
        return web.FileResponse(path, headers=headers)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        content_type = meta.mime_type or "application/octet-stream"
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response = web.StreamResponse(headers={
            "Content-Type": content_type,
            "Content-Disposition": content_disposition_header(disposition, filename=Path(meta.file_name).name),
            "Cache-Control": "no-store",
        })
        await response.prepare(request)
        with contextlib.suppress(KeyError, ValueError):
            async for chunk in self.downloads.download(key):
                await response.write(chunk)
        await response.write_eof()
        return response

    # -- a tab's session
    def session_args(self, lang: str, touch: bool) -> list[str]:
        s = self.settings
        if s.mode == KIOSK:
            return session_entry.argv(KIOSK, s.data_dir, lang, touch=touch, idle_seconds=s.idle_seconds,
                                      countdown_seconds=s.countdown_seconds)
        return session_entry.argv(DESK, s.data_dir, lang, touch=touch, lock_minutes=s.lock_minutes)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        lang, pointer = request.match_info["lang"], request.match_info["pointer"]
        if lang not in i18n.offered_languages() or pointer not in POINTERS:
            raise web.HTTPNotFound()
        if not self.origin_allowed(request):
            self._say(N_("Refused a connection from another site ({origin})."),
                      origin=request.headers.get("Origin") or "-")
            raise web.HTTPForbidden()
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS, max_msg_size=MAX_MESSAGE,
                                          timeout=CLOSE_SECONDS)
        await websocket.prepare(request)
        if self.stopping:
            await websocket.close(code=CLOSE_GOING_AWAY)
            return websocket
        if len(self.sessions) >= self.settings.max_sessions:
            if not self.full_said:  # once, until a place is free again: the waiting tabs keep trying
                self.full_said = True
                self._say(N_("Every place is taken ({n} open): one more tab waits."), n=len(self.sessions))
            await websocket.close(code=CLOSE_FULL)
            return websocket
        width = _clamp(request.query.get("width"), 80, MAX_SIZE[0])
        height = _clamp(request.query.get("height"), 24, MAX_SIZE[1])
        session = Session(self.session_args(lang, pointer == "touch"), websocket, self.downloads,
                          heartbeat=self.settings.mode == KIOSK, stall_seconds=self.settings.stall_seconds,
                          start_seconds=self.settings.start_seconds, debug=self.settings.debug)
        self.sessions.add(session)
        task = asyncio.current_task()
        if task is not None:
            self.handlers.add(task)
        try:
            await self._run_session(session, websocket, width, height)
        finally:
            self.sessions.discard(session)
            self.full_said = False
            if task is not None:
                self.handlers.discard(task)
        return websocket

    async def _run_session(self, session: Session, websocket: web.WebSocketResponse,
                           width: int, height: int) -> None:
        try:
            await session.start(width, height)
        except OSError as exc:
            self._say(N_("A session could not start: {reason}"), reason=exc.strerror or str(exc))
            await websocket.close(code=CLOSE_CRASHED)
            return
        reader = asyncio.create_task(self._from_page(websocket, session))
        ended = asyncio.create_task(session.ended())
        try:
            await asyncio.wait({reader, ended}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            pass
        finally:
            await session.stop()  # the page went away (or the server stops): the app ends too
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        code = await ended
        if websocket.closed:
            if session.frozen is not None or (session.killed and not self.stopping):
                self._log_failure(session, code)
            return
        await websocket.close(code=self._close_code(session, code))

    def _close_code(self, session: Session, code: int) -> int:
        if self.stopping:
            return CLOSE_GOING_AWAY
        if code == 0 and session.frozen is None:
            return CLOSE_ENDED
        self._log_failure(session, code)
        return CLOSE_CRASHED

    def _log_failure(self, session: Session, code: int) -> None:
        """Log how an app ended badly (unless it logged its bug itself) and say where."""
        log = self.settings.error_log
        what = _("the kiosk") if self.settings.mode == KIOSK else _("the supervisor's desk")
        if session.frozen is not None:
            error: BaseException | None = Frozen(
                f"the {self.settings.mode} session stopped responding for {self.settings.stall_seconds:g} "
                "seconds and was ended; what it was doing:\n" + (session.frozen or "(nothing said)"))
        elif code in (CRASHED, session_entry.EXIT_FAILED):
            error = None  # the app logged it
        elif code < 0:
            error = RuntimeError(f"the {self.settings.mode} session was ended by signal {-code}")
        else:
            error = RuntimeError(f"the {self.settings.mode} session ended with exit code {code}")
        if error is not None:
            try:
                log_error(log, error)
            except Exception:  # noqa: BLE001 - the line below still names the log
                pass
        self._say(N_("A tab's {what} ended because of an error in the program; the details are in "
                     "{log}"), what=what, log=str(log))

    async def _from_page(self, websocket: web.WebSocketResponse, session: Session) -> None:
        """The page's messages: keys, its size, focus, pings. Anything else is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await session.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await session.set_terminal_size(_clamp(data.get("width"), 80, MAX_SIZE[0]),
                                                _clamp(data.get("height"), 24, MAX_SIZE[1]))
            elif kind in ("ping", "skapa-ping") and isinstance(data, str) and len(data) < 64:
                await websocket.send_json(["pong" if kind == "ping" else "skapa-pong", data])
            elif kind == "focus":
                await session.focus()
            elif kind == "blur":
                await session.blur()

    def _say(self, msgid: str, **fields: Any) -> None:
        self.say(_(msgid).format(**fields))

    # -- running
    async def start(self) -> str:
        """Start listening; the address it listens on (with the port really used)."""
        self.runner = web.AppRunner(self.application(), handle_signals=False, access_log=None,
                                    shutdown_timeout=STOP_SECONDS + 2)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.settings.host, self.settings.port)
        await site.start()
        address = self.runner.addresses[0]
        host, port = address[0], address[1]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    async def stop(self) -> int:
        """End every session (each page is told) and stop listening; how many there were."""
        self.stopping = True
        sessions = list(self.sessions)
        await asyncio.gather(*(s.stop() for s in sessions), return_exceptions=True)
        if self.handlers:
            await asyncio.wait(list(self.handlers), timeout=STOP_SECONDS + 2)
        if self.runner is not None:
            await self.runner.cleanup()
        return len(sessions)


def _clamp(value: Any, default: int, most: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(number, most))


def _quiet_libraries(debug: bool) -> None:
    # aiohttp and textual-serve log through `logging`; unconfigured, their
    # warnings would reach the console as bare lines (or tracebacks).
    for name in ("aiohttp", "textual-serve"):
        logger = logging.getLogger(name)
        if not debug:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


async def run(settings: Settings, say: Callable[[str], None], ready: Callable[[str], None]) -> int:
    """Serve until SIGTERM, SIGINT or SIGHUP; how many sessions were ended then.
    ``ready(url)`` is called once the server listens. OSError when it cannot listen."""
    _quiet_libraries(settings.debug)
    server = Server(settings, say)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = [s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s is not None]
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        ready(await server.start())
        await stop.wait()
    finally:
        ended = await server.stop()
        for signum in signals:
            loop.remove_signal_handler(signum)
    return ended


def serve(settings: Settings, say: Callable[[str], None], ready: Callable[[str], None]) -> int:
    """Run the server in this thread (see `run`)."""
    return asyncio.run(run(settings, say, ready))

