"""The built wheel works on its own: installed into a fresh venv and run
from outside the checkout, it finds its flows and compiled catalogs.

It installs the dependencies into a new venv, from PyPI or pip's cache,
with this checkout's pip (``pip --python``: the venv needs no pip of its
own) and without compiling them to bytecode (Python does that for what it
imports): 3 s of CPU where the venv's own pip, compiling, took 13.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import skapa_tui
from skapa_tui import i18n
from skapa_tui.storage import Store

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = [pytest.mark.xdist_group("wheel"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("timeout", 900)
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          encoding="utf-8", **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                "--wheel-dir", dist, ROOT])
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(dist.glob("skapa-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel (and its dependencies) in it; its bin/."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(where)
    python = where / "bin" / "python"
    done = run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile",
                "--disable-pip-version-check", wheel], cwd=where.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return where / "bin"


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """An empty folder under /tmp, far from the checkout."""
    folder = Path(tmp_path_factory.mktemp("outside"))
    assert ROOT not in folder.parents
    return folder


def test_the_wheel_holds_the_flows_and_the_compiled_catalogs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in i18n.languages():
        assert f"skapa_tui/locales/{lang}/LC_MESSAGES/skapa.mo" in names
    shipped = {p.name for p in (ROOT / "flows").glob("*.toml")}
    assert shipped and {f"skapa_tui/flows/{n}" for n in shipped} <= names
    assert "skapa_tui/ui/kiosk.tcss" in names
    assert not any(n.endswith((".po", ".pyc")) or "/tests/" in n for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "skapa = skapa_tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_command_uses_its_own_files(installed, outside, clean_env):
    env = clean_env(outside, "en")
    env.pop("PYTHONPATH", None)
    found = run([installed / "python", "-c", "import skapa_tui.resources as r; print(r.flows_dir()); "
                 "print(r.locales_dir())"], cwd=outside, env=env)
    assert found.returncode == 0, found.stderr
    flows, locales = (Path(line) for line in found.stdout.split())
    venv_root = installed.parent.resolve()
    assert venv_root in flows.parents and venv_root in locales.parents

    done = run([installed / "skapa", "flows", "check"], cwd=outside, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "participant.toml: OK" in done.stdout
    assert str(venv_root) in done.stdout  # the flows inside the installed package

    version = run([installed / "skapa", "--version"], cwd=outside, env=env)
    assert version.returncode == 0
    assert version.stdout.strip() == f"skapa {skapa_tui.__version__}"


def test_the_installed_command_speaks_danish(installed, outside, clean_env):
    env = clean_env(outside, "da")
    env.pop("PYTHONPATH", None)
    danish = i18n.gettext_for("da")
    done = run([installed / "skapa", "kiosk", "--idle-seconds", "soon"], cwd=outside, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    msgid = "a number of seconds is needed, not {value!r}"
    assert danish(msgid) != msgid, "the Danish catalog does not translate it"
    assert danish(msgid).format(value="soon") in done.stderr
    assert danish("usage: ") in done.stderr and "usage: " not in done.stderr

    # The compiled catalog inside the wheel is what speaks: the checkout is not reachable.
    assert not (outside / "locales").exists()
    done = run([installed / "skapa", "export", "--data", outside / "data"], cwd=outside, env=env)
    assert done.returncode == 2
    required = danish("the following arguments are required: %s")
    assert required != "the following arguments are required: %s"
    assert required % "--format" in done.stderr


SERVED = ("templates/page.html", "static/skapa.js", "static/skapa.css", "touch.tcss", "static/fonts/LICENSE",
          "static/fonts/DejaVuSansMono.woff2", "static/fonts/DejaVuSansMono-Bold.woff2",
          "static/fonts/SkapaBraille.woff2")
"""The files of ``skapa serve``'s page, under skapa_tui/serve/."""


def test_the_installed_command_serves_the_kiosk_from_its_own_files(wheel, installed, outside, clean_env):
    import asyncio
    import re
    import signal
    import urllib.request

    import aiohttp

    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"skapa_tui/serve/{name}" for name in SERVED} <= names
    env = clean_env(outside, "sv")
    env.pop("PYTHONPATH", None)
    Store(outside / "data")  # the apps never make a data folder: an empty one, as `participants add` leaves
    server = subprocess.Popen([installed / "skapa", "serve", "kiosk", "--data", outside / "data", "--port", "0"],
                              cwd=outside, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        said, found = [], None
        while found is None:  # the line with the address; any line before it is kept for the message
            line = server.stdout.readline()
            assert line, f"the server ended (exit {server.wait()}) before giving its address: " \
                         f"{said!r} {server.stderr.read()!r}"
            said.append(line)
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        url = found.group(0)
        with urllib.request.urlopen(url + "static/fonts/SkapaBraille.woff2", timeout=30) as answer:
            assert answer.read(4) == b"wOF2"

        async def first_screen() -> bytes:
            async with aiohttp.ClientSession() as client:
                async with client.ws_connect(url + "ws/sv/mouse", headers={"Origin": url.rstrip("/")}) as socket:
                    drawn = b""
                    # the PIN field's label, as the Swedish catalog says it (it was "Din pinkod")
                    pin_label = i18n.gettext_for("sv")("Your PIN").encode()
                    while pin_label not in drawn:
                        message = await socket.receive(timeout=120)
                        assert message.type == aiohttp.WSMsgType.BINARY, message
                        drawn += message.data
                    return drawn

        assert asyncio.run(first_screen())  # a tab's kiosk, from the installed package
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert server.stderr.read() == ""
    finally:
        if server.poll() is None:
            server.kill()
