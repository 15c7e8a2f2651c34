"""``skapa serve``'s server without a browser (issue 15): the checks of
Origin and Host, the static files (no folder listing), the cap on sessions,
a frozen kiosk ended and logged, every session ended when the server stops
(SIGTERM to the real command), the page's language, the page loading
nothing from elsewhere, the command line's errors, and the session entry
point refusing to run by hand. Real app processes, real sockets (aiohttp's
client speaks to the server as a browser would).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest

from skapa_tui import i18n
from skapa_tui.serve import page as page_module
from skapa_tui.serve.server import CLOSE_CRASHED, CLOSE_FULL, CLOSE_GOING_AWAY, CSP, Server, Settings, _static_files

from ..conftest import _clean_env, skapa_command
from .kiosk_pty import make_data, said
from .serve_helpers import session_pids

LANGS = tuple(i18n.offered_languages())


# ---- a server in this process ---------------------------------------------------------


async def started(tmp_path: Path, mode: str = "kiosk", **settings) -> tuple[Server, str]:
    lines: list[str] = []
    server = Server(Settings(mode=mode, data_dir=make_data(tmp_path), port=0, **settings), lines.append)
    server.said = lines  # type: ignore[attr-defined]
    url = await server.start()
    return server, url


async def first_screen(socket: aiohttp.ClientWebSocketResponse, timeout: float = 60) -> bytes:
    """Read until the app has drawn a screen (its output comes as binary frames)."""
    drawn = b""
    deadline = time.monotonic() + timeout
    while len(drawn) < 2000:
        message = await socket.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.BINARY:
            drawn += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
            raise AssertionError(f"closed before a screen: {socket.close_code}")
    return drawn


async def close_code(socket: aiohttp.ClientWebSocketResponse, timeout: float = 30) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = await socket.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type == aiohttp.WSMsgType.CLOSE:
            return message.data  # the code the server closed with
        if message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
            return socket.close_code
    raise AssertionError("the websocket stayed open")


def origin(url: str) -> str:
    return url.rstrip("/")


async def test_a_websocket_from_another_site_is_refused_and_starts_nothing(tmp_path):
    server, url = await started(tmp_path)
    try:
        async with aiohttp.ClientSession() as client:
            for foreign in ("http://evil.example", "null", "http://127.0.0.1:1", None):
                headers = {"Origin": foreign} if foreign else {}
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(url + "ws/sv/mouse", headers=headers)
                assert refused.value.status == 403
            assert session_pids(server.settings.data_dir) == []
            assert any("evil.example" in line for line in server.said)  # type: ignore[attr-defined]
            async with client.ws_connect(url + "ws/sv/mouse?width=80&height=24",
                                         headers={"Origin": origin(url)}) as socket:
                assert b"\x1b[" in await first_screen(socket)
                assert len(session_pids(server.settings.data_dir)) == 1
    finally:
        await server.stop()
    assert session_pids(server.settings.data_dir) == []


async def test_only_the_public_urls_origin_when_one_is_given(tmp_path):
    server, url = await started(tmp_path, public_url="https://skapa.example.org/kiosk/")
    try:
        async with aiohttp.ClientSession() as client:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(url + "ws/sv/mouse", headers={"Origin": origin(url)})
            assert refused.value.status == 403
            async with client.ws_connect(url + "ws/da/mouse", headers={
                    "Origin": "https://skapa.example.org", "Host": "skapa.example.org"}) as socket:
                await first_screen(socket)
    finally:
        await server.stop()


async def test_a_host_of_another_name_is_refused(tmp_path):
    # A page of another site whose name points at this computer (DNS rebinding).
    server, url = await started(tmp_path)
    port = url.rsplit(":", 1)[1].strip("/")
    try:
        async with aiohttp.ClientSession() as client:
            for host, status in ((f"evil.example:{port}", 421), (f"localhost:{port}", 200),
                                 (f"127.0.0.1:{port}", 200), (f"[::1]:{port}", 200)):
                async with client.get(url, headers={"Host": host}) as answer:
                    assert answer.status == status, host
            async with client.get(url + "static/skapa.js", headers={"Host": f"evil.example:{port}"}) as answer:
                assert answer.status == 421
        said_lines = [line for line in server.said if "evil.example" in line]  # type: ignore[attr-defined]
        assert len(said_lines) == 1 and "--public-url" in said_lines[0]
    finally:
        await server.stop()


async def test_static_files_are_a_fixed_list_with_no_folder_listing(tmp_path):
    server, url = await started(tmp_path)
    try:
        async with aiohttp.ClientSession() as client:
            for path in ("static/", "static/fonts/", "static/js/", "static/../server.py", "static/%2e%2e/page.py",
                         "static/js/textual.js", "static/images/background.png", "static/fonts/LICENSE",
                         "download/" + "0" * 32, "ws/en/mouse", "ws/sv/pen"):
                async with client.get(url + path) as answer:
                    assert answer.status == 404, path
            for name in _static_files():
                async with client.get(url + "static/" + name) as answer:
                    assert answer.status == 200, name
                    assert answer.headers["Content-Security-Policy"] == CSP
                    assert answer.headers["X-Content-Type-Options"] == "nosniff"
                    if name.endswith(".woff2"):
                        assert answer.headers["Content-Type"] == "font/woff2"
            async with client.get(url) as answer:
                assert answer.headers["X-Frame-Options"] == "DENY"
                assert answer.headers["Cache-Control"] == "no-store"
    finally:
        await server.stop()


async def test_past_the_cap_a_tab_is_told_every_place_is_taken(tmp_path):
    server, url = await started(tmp_path, max_sessions=1)
    try:
        async with aiohttp.ClientSession() as client:
            headers = {"Origin": origin(url)}
            async with client.ws_connect(url + "ws/sv/mouse", headers=headers) as first:
                await first_screen(first)
                for _again in range(3):  # a waiting tab tries again and again
                    async with client.ws_connect(url + "ws/sv/mouse", headers=headers) as second:
                        assert await close_code(second) == CLOSE_FULL
                assert len(session_pids(server.settings.data_dir)) == 1
                full = [line for line in server.said if "(1" in line]  # type: ignore[attr-defined]
                assert len(full) == 1, server.said  # said once, not for every try
            # the first tab closed: its app ends, and the place is free again
            deadline = time.monotonic() + 20
            while (server.sessions or session_pids(server.settings.data_dir)) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            async with client.ws_connect(url + "ws/sv/mouse", headers=headers) as third:
                await first_screen(third)
    finally:
        await server.stop()


async def test_a_frozen_kiosk_is_ended_logged_and_the_page_told(tmp_path):
    server, url = await started(tmp_path, stall_seconds=1.0)
    data = server.settings.data_dir
    try:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(url + "ws/sv/mouse", headers={"Origin": origin(url)}) as socket:
                await first_screen(socket)
                await asyncio.sleep(1.5)  # a heartbeat or two went through
                [pid] = session_pids(data)
                os.kill(pid, signal.SIGSTOP)  # frozen: no more heartbeats
                assert await close_code(socket) == CLOSE_CRASHED
        assert session_pids(data) == []
        log = (data / "logs" / "kiosk-errors.log").read_text()
        assert "stopped responding" in log
        assert any("kiosk-errors.log" in line for line in server.said)  # type: ignore[attr-defined]
    finally:
        await server.stop()


async def test_an_app_that_cannot_start_logs_why_and_the_page_is_told(tmp_path):
    server, url = await started(tmp_path, mode="desk")
    data = server.settings.data_dir
    (data / "skapa-data.json").write_text("{damaged")  # after the server checked the folder
    try:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(url + "ws/da/mouse", headers={"Origin": origin(url)}) as socket:
                assert await close_code(socket) == CLOSE_CRASHED
        log = (data / "logs" / "supervisor-errors.log").read_text()
        assert "DamagedData" in log and log.count("--- ") == 1  # logged once, by the app's process
        assert any("supervisor-errors.log" in line for line in server.said)  # type: ignore[attr-defined]
    finally:
        await server.stop()


async def test_stopping_the_server_ends_every_session_and_tells_each_page(tmp_path):
    server, url = await started(tmp_path, mode="desk")
    data = server.settings.data_dir
    async with aiohttp.ClientSession() as client:
        headers = {"Origin": origin(url)}
        sockets = [await client.ws_connect(url + "ws/sv/mouse", headers=headers) for _ in range(2)]
        for socket in sockets:
            await first_screen(socket)
        assert len(session_pids(data)) == 2
        assert await server.stop() == 2
        for socket in sockets:
            assert await close_code(socket) == CLOSE_GOING_AWAY
    assert session_pids(data) == []


def test_sigterm_stops_the_command_and_every_session_with_it(tmp_path):
    data = make_data(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    process = subprocess.Popen([*skapa_command(), "serve", "kiosk", "--data", str(data), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=_clean_env(home, "da"))
    try:
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        assert first.startswith(said("da", "Serving {what} at {url}", what=said("da", "the kiosk"), url=url))
        assert said("da", "Only this computer can reach it (--host {host}).", host="127.0.0.1") in \
            process.stdout.readline()

        async def connect_then_stop() -> int | None:
            async with aiohttp.ClientSession() as client:
                async with client.ws_connect(url + "ws/da/mouse", headers={"Origin": origin(url)}) as socket:
                    await first_screen(socket)
                    assert len(session_pids(data)) == 1
                    process.send_signal(signal.SIGTERM)
                    return await close_code(socket)

        assert asyncio.run(connect_then_stop()) == CLOSE_GOING_AWAY
        assert process.wait(timeout=20) == 0
        rest = process.stdout.read()
        assert said("da", "Stopped; {n} open tab was closed.", n=1) in rest or \
            i18n.translation("da").ngettext("Stopped; {n} open tab was closed.",
                                            "Stopped; {n} open tabs were closed.", 1).format(n=1) in rest
        assert process.stderr.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
    assert session_pids(data) == []


def test_a_killed_server_leaves_no_app_behind(tmp_path):
    data = make_data(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    process = subprocess.Popen([*skapa_command(), "serve", "kiosk", "--data", str(data), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=_clean_env(home, "sv"))
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline()).group(0)

        async def connect_then_kill() -> None:
            async with aiohttp.ClientSession() as client:
                async with client.ws_connect(url + "ws/sv/mouse", headers={"Origin": origin(url)}) as socket:
                    await first_screen(socket)
                    assert len(session_pids(data)) == 1
                    process.kill()  # no chance to end its sessions itself
                    process.wait(timeout=10)
                    deadline = time.monotonic() + 20
                    while session_pids(data) and time.monotonic() < deadline:
                        await asyncio.sleep(0.1)

        asyncio.run(connect_then_kill())
    finally:
        if process.poll() is None:
            process.kill()
    assert session_pids(data) == []  # each app saw its server gone and ended


# ---- the page -----------------------------------------------------------------------


class Addresses(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.viewport = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("src", "href", "data-session-websocket-url"):
            if values.get(name):
                self.found.append(values[name])
        if tag == "meta" and values.get("name") == "viewport":
            self.viewport = "width=device-width" in (values.get("content") or "")


@pytest.mark.parametrize("mode", ["kiosk", "desk"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_in_its_language_and_loads_nothing_from_elsewhere(mode, lang):
    html = page_module.render_page(mode, lang, "1.0")
    parser = Addresses()
    parser.feed(html)
    assert parser.viewport
    assert parser.found and all(not re.match(r"^[a-z]+:|^//", a) or a == "data:," for a in parser.found), \
        parser.found
    assert f'<html lang="{lang}">' in html
    texts = json.loads(re.search(r'id="skapa-texts" type="application/json">(.*?)</script>', html).group(1))
    for key, msgid in {**page_module.COMMON, **page_module.TEXTS[mode]}.items():
        assert texts[key] == said(lang, msgid)
    css = (Path(page_module.HERE) / "static" / "skapa.css").read_text()
    assert re.findall(r"url\(([^)]*)\)", css) and all(
        u.strip("\"'").startswith("fonts/") for u in re.findall(r"url\(([^)]*)\)", css))
    assert "http" not in (Path(page_module.HERE) / "static" / "skapa.js").read_text().replace(
        "https:", "").replace("http://", "")


@pytest.mark.parametrize("header, lang", [
    ("da-DK,da;q=0.9,en;q=0.8", "da"), ("sv-SE,sv;q=0.9", "sv"), ("en-GB,en;q=0.9,da;q=0.5", "da"),
    ("nb-NO,da;q=0.2,sv;q=0.8", "sv"), ("da;q=0, sv;q=0.1", "sv"), ("fr-FR", "sv"), ("", "sv"),
    ("x" * 5000, "sv")])
def test_the_pages_language_follows_the_browser(header, lang):
    assert page_module.page_language(header, default="sv") == lang


def test_the_kiosk_page_speaks_plainly():
    from ..unit.lix import lix, sentences, words

    for lang in LANGS:
        texts = [said(lang, msgid) for msgid in [*page_module.COMMON.values(), *page_module.TEXTS["kiosk"].values()]]
        assert lix(" ".join(texts)) <= 30, lang
        for text in texts:
            for sentence in sentences(text):
                assert len(words(sentence)) <= 20, sentence


# ---- the command line ------------------------------------------------------------------


@pytest.mark.parametrize("args, msgid, fields", [
    (["kiosk", "--port", "70000"], "a port is a number from 0 to 65535, not {value}", {"value": "70000"}),
    (["kiosk", "--port", "web"], "a port number is needed, not {value!r}", {"value": "web"}),
    (["desk", "--max-sessions", "0"], "the number of sessions must be at least 1, not {value}", {"value": "0"}),
    (["desk", "--public-url", "ftp://x/"],
     "a web address such as https://kiosk.example.org/kiosk/ is needed, not {value!r}", {"value": "ftp://x/"}),
    (["desk", "--public-url", "https://user:pw@x/"],
     "a web address such as https://kiosk.example.org/kiosk/ is needed, not {value!r}",
     {"value": "https://user:pw@x/"}),
])
@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_command_line_is_said_in_the_users_language(skapa, tmp_path, args, msgid, fields, lang):
    done = skapa("serve", *args, "--data", tmp_path / "data", lang=lang)
    assert done.returncode == 2
    assert said(lang, msgid, **fields) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_said_in_one_line(skapa, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = skapa("serve", "kiosk", "--port", str(port), "--data", make_data(tmp_path), lang="sv")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("skapa: kunde inte lyssna på 127.0.0.1 port"), lines


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_session_entry_point_is_not_for_people(tmp_path, lang):
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run([sys.executable, "-m", "skapa_tui.serve.session", "kiosk", "--data",
                           str(tmp_path / "data"), "--lang", lang], capture_output=True, text=True,
                          env=_clean_env(home, lang), timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "skapa: " + said(
        lang, "this runs one browser tab's kiosk or desk and is started by 'skapa serve'; run 'skapa serve "
              "kiosk' or 'skapa serve desk' instead")
    assert not (tmp_path / "data").exists()


CHECK = """
import json, sys
from skapa_tui import cli
cli.build_parser()
import skapa_tui.serve.server, skapa_tui.serve.page
found = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich") or m.startswith("skapa_tui.ui."))
print(json.dumps(found))
"""


def test_the_serve_command_loads_neither_textual_nor_rich():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["skapa_tui.ui.restart"]  # the keeper's constants: no textual
