"""Files this process may not read, as for a user who is not their owner.

``chmod 000`` is enough for an ordinary user. Root reads any file anyway
(the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), and the tests
and CI run as root here, so for root:

- `no_permission_here()` takes those two capabilities out of the calling
  thread's effective set for the block and puts them back after (the file
  access checks of this thread then follow the mode bits, as for any user);
- `drop_permission_override` is a ``preexec_fn`` for a subprocess: it drops
  them from the child's bounding set before the exec, so the command
  (``skapa ...``) runs as a root that cannot read a ``chmod 000`` file.

Linux only; `can_deny()` says whether this works here (else the test skips).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
PR_CAPBSET_DROP = 24
_V3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def is_root() -> bool:
    return os.geteuid() == 0


def can_deny() -> bool:
    """True when a file can be made unreadable to this process (and its children)."""
    if not is_root():
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        with no_permission_here():
            pass
    except OSError:
        return False
    return True


def make_unreadable(path: Path) -> None:
    """``chmod 000``: unreadable for anyone but root (see `no_permission_here`)."""
    os.chmod(path, 0)


@contextlib.contextmanager
def no_permission_here() -> Iterator[None]:
    """For root: the calling thread follows mode bits like any user in the block."""
    if not is_root():
        yield
        return
    libc = _libc()
    header, data = _Header(_V3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    saved = data[0].effective
    data[0].effective &= ~((1 << CAP_DAC_OVERRIDE) | (1 << CAP_DAC_READ_SEARCH))
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)


def drop_permission_override() -> None:
    """A ``preexec_fn``: the child (and what it execs) cannot read past mode bits, even as root."""
    if not is_root():
        return
    libc = _libc()
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
