"""Loaded by a test's `gba-dash serve` (PYTHONPATH): the data folder behaves as if read-only.

Root ignores file permissions, so an audit hook refuses, in this process and whatever its user,
every open for writing, rename, removal or creation under GBA_DASH_READONLY_DIR, and logs it.
"""

import os
import sys

_ROOT = (
    os.path.realpath(os.environ.get("GBA_DASH_READONLY_DIR", ""))
    if os.environ.get("GBA_DASH_READONLY_DIR")
    else ""
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _inside(path) -> bool:
    try:
        full = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return full == _ROOT or full.startswith(_ROOT + os.sep)


def _hook(event: str, args: tuple) -> None:
    refused = False
    if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        refused = bool(writing) and _inside(args[0])
    elif event in ("os.rename", "os.replace", "os.link", "os.symlink"):
        refused = _inside(args[0]) or _inside(args[1])
    elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.truncate", "os.utime"):
        refused = bool(args) and isinstance(args[0], str | bytes | os.PathLike) and _inside(args[0])
    if refused:
        print(f"refused write: {event} {args[:2]!r}", file=sys.stderr, flush=True)
        raise PermissionError(13, "read-only data folder (test guard)", str(args[0]))


if _ROOT:
    sys.addaudithook(_hook)
    print(f"read-only data folder guard on: {_ROOT}", file=sys.stderr, flush=True)
