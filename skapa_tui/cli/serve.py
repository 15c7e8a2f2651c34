"""``skapa serve kiosk|desk``: the kiosk or the desk in a web browser
(`skapa_tui.serve`), which imports textual only when it runs.
"""

from __future__ import annotations

import argparse
import os

from .. import i18n, resources
from ..i18n import _
from .apps import add_desk_lock, add_kiosk_timers
from .common import (
    EXIT_OK,
    Commands,
    Failure,
    UsageError,
    _data_dir,
    _say,
    _store,
    command,
    command_group,
    describe,
)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a port number is needed, not {value!r}").format(value=text)) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("a port is a number from 0 to 65535, not {value}").format(value=text))
    return port


def _sessions(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("a number of sessions is needed, not {value!r}").format(
            value=text)) from None
    if count < 1:
        raise argparse.ArgumentTypeError(_("the number of sessions must be at least 1, not {value}").format(
            value=text))
    return count


def _public_url(text: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username
            or parts.password or parts.query or parts.fragment):
        raise argparse.ArgumentTypeError(_("a web address such as https://kiosk.example.org/kiosk/ is needed, "
                                           "not {value!r}").format(value=text))
    return text.strip()


def add_parser(commands: Commands, data: argparse.ArgumentParser) -> None:
    """``skapa serve kiosk|desk``: the parser (see `cmd_serve`)."""
    from ..serve import DEFAULT_MAX_SESSIONS, DEFAULT_PORTS

    modes = command_group(
        commands, "serve", dest="mode", metavar=_("WHAT"), title=_("what to serve"),
        help=_("serve the kiosk or the desk in a web browser"),
        description=_("Serve the kiosk or the supervisor's desk as a web page: each browser tab gets "
                      "its own kiosk or desk, with nothing to install. It listens on this computer "
                      "only unless --host says otherwise; to serve other computers, put it behind a "
                      "web server with TLS (see the README)."))
    common = argparse.ArgumentParser(add_help=False, parents=[data])
    common.add_argument("--lang", choices=i18n.languages(),
                        help=_("the language every tab starts in (default: the browser's language)"))
    common.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"),
                        help=_("the address to listen on (default: 127.0.0.1, this computer only)"))
    common.add_argument("--public-url", type=_public_url, metavar=_("URL"),
                        help=_("the address people open, when a web server in front of skapa passes "
                               "the pages on (for instance https://skapa.example.org/kiosk/)"))
    common.add_argument("--max-sessions", type=_sessions, default=DEFAULT_MAX_SESSIONS, metavar=_("N"),
                        help=_("the most tabs open at once; one more waits (default: {n})").format(
                            n=DEFAULT_MAX_SESSIONS))
    kiosk = command(
        modes, "kiosk", cmd_serve, parents=[common], help=_("serve the kiosk"),
        description=_("Serve the kiosk: each tab is a kiosk where a participant logs in and answers. "
                      "Run the browser in its kiosk mode on a shared screen."))
    _add_port(kiosk, DEFAULT_PORTS["kiosk"])
    add_kiosk_timers(kiosk)
    desk = command(
        modes, "desk", cmd_serve, parents=[common], help=_("serve the supervisor's desk"),
        description=_("Serve the supervisor's desk: each tab signs in on its own. Anyone who can open "
                      "the page can try to sign in, so outside this computer put it behind a web "
                      "server with TLS and its own access control."))
    _add_port(desk, DEFAULT_PORTS["desk"])
    add_desk_lock(desk)


def _add_port(mode: argparse.ArgumentParser, default: int) -> None:
    mode.add_argument("--port", type=_port, default=default, metavar=_("PORT"),
                      help=_("the port to listen on (default: {n})").format(n=default))


def _is_loopback(host: str) -> bool:
    import ipaddress

    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the kiosk or the desk until stopped (ctrl+c, SIGTERM, SIGHUP): exit 0."""
    if args.lang and args.lang not in i18n.offered_languages():
        # the pages offer only complete languages, as the kiosk and the desk do without --allow-incomplete
        translated, total = i18n.coverage(args.lang)
        raise UsageError(_("the catalog of {lang} is not complete ({n} of {total} texts translated): "
                           "the web pages offer only complete languages").format(
            lang=args.lang, n=translated, total=total))
    data_dir = _data_dir(args)
    _store(args)  # a folder that cannot be used is said before anything listens
    library = resources.flow_library()
    for flow in ("participant",) if args.mode == "kiosk" else ("participant", "supervisor"):
        library.current(flow)
    if args.mode == "desk":
        library.guide()
    from ..serve.server import Settings, serve

    settings = Settings(
        mode=args.mode, data_dir=data_dir, lang=args.lang, host=args.host, port=args.port,
        public_url=args.public_url, max_sessions=args.max_sessions,
        idle_seconds=getattr(args, "idle_seconds", None),
        countdown_seconds=getattr(args, "countdown_seconds", None),
        lock_minutes=getattr(args, "lock_minutes", None),
        debug=bool(os.environ.get("SKAPA_DEBUG")))
    what = _("the kiosk") if args.mode == "kiosk" else _("the supervisor's desk")

    def ready(url: str) -> None:
        _say(_("Serving {what} at {url}").format(what=what, url=url))
        if _is_loopback(args.host):
            _say(_("Only this computer can reach it (--host {host}).").format(host=args.host))
        else:
            _say(_("Other computers can reach it (--host {host}). Put it behind a web server with TLS "
                   "and, for the desk, its own access control: see the README.").format(host=args.host))
        if args.public_url:
            _say(_("People open it at {url}").format(url=args.public_url))
        _say(_("Stop it with ctrl+c."))

    try:
        ended = serve(settings, say=_say, ready=ready)
    except OSError as exc:
        raise Failure(_("could not listen on {host} port {port}: {reason}").format(
            host=args.host, port=args.port, reason=describe(exc)[0])) from None
    _say(i18n.ngettext("Stopped; {n} open tab was closed.", "Stopped; {n} open tabs were closed.",
                       ended).format(n=ended))
    return EXIT_OK
