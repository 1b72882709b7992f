"""Faults of the machine rather than of the data (a full disk, a read-only folder), in one readable line.

A refresh that cannot write says so in words, naming the path and what to do, instead of ending in a
traceback; `hemi --debug` shows the traceback as well.
"""

from __future__ import annotations

import errno
import re

_WHAT = {
    errno.ENOSPC: "the disk is full: free some space (`hemi gc` lists what it can delete) and refresh again",
    errno.EDQUOT: "the disk quota is used up: free some space (`hemi gc`) and refresh again",
    errno.EROFS: "the file system is read-only: point HEMI_HOME at a writable folder",
    errno.EACCES: "permission denied: HEMI_HOME must be writable by this user",
    errno.EPERM: "operation not permitted: HEMI_HOME must be writable by this user",
    errno.EEXIST: "a file is in the way where a folder is needed: move it aside",
    errno.ENOTDIR: "a file is in the way where a folder is needed: move it aside",
    errno.EISDIR: "a folder is in the way where a file is needed: move it aside",
}


class WarehouseWriteError(OSError):
    """The runtime home cannot be written: a fault of the machine, not of the data."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def describe_os_error(exc: OSError, doing: str) -> str:
    """'cannot <doing> (<path>): <what it means and what to do>'."""
    path = exc.filename or ""
    what = _WHAT.get(exc.errno or 0, exc.strerror or str(exc))
    where = f" ({path})" if path else ""
    return f"cannot {doing}{where}: {what}"


KNOWN_FAULTS = frozenset(_WHAT)


def describe_fault(exc: BaseException, doing: str = "write the runtime home (HEMI_HOME)") -> str:
    """One line for any exception that ends a command: our own errors as they are, a fault of the
    machine in words, anything else as its type and first line."""
    if isinstance(exc, WarehouseWriteError):
        return exc.message
    if isinstance(exc, OSError) and exc.errno in _WHAT:
        return describe_os_error(exc, doing)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if type(exc).__name__ in {"SourceError", "FetchError", "RefreshBusyError"}:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_READABLE_ERRORS = {"SourceError", "FetchError", "ParserFault", "WarehouseWriteError"}
_OS_ERROR = re.compile(r"\[Errno (?P<code>\d+)\] (?P<text>[^:]+)(?::\s*'(?P<path>[^']*)')?")


def readable_error(error) -> str:
    """One line for a Dagster step's error (its serialized chain: message, cls_name, cause).

    Our own error nearest the top names the source, file and row, or the path and what to do; failing
    that, the innermost cause. An OSError arrives as text without its errno, so it is read back from
    the message and put in words.
    """
    while error.cause is not None and error.cls_name not in _READABLE_ERRORS:
        error = error.cause
    message = error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name
    if error.cls_name == "OutOfMemoryException":  # DuckDB's, inside a load, a check or a model
        detail = message.split("Out of Memory Error: ", 1)[-1]
        return (
            f"DuckDB ran out of its memory cap ({detail}): the refresh caps its DuckDB at 256 MB "
            "(orchestration/warehouse.py) and dbt's at 768 MB (dbt_project/profiles.yml), and this step "
            "held more at once; nothing was published. Report it with the step name and HEMI_HOME/logs"
        )
    if error.cls_name in _READABLE_ERRORS:
        message = message.split(": ", 1)[-1]  # drop the class name: the message says it all in words
    return readable_os_error(message)


def readable_os_error(message: str) -> str:
    """'OSError: [Errno 28] No space left on device: '/x'' as words; any other message as it is."""
    match = _OS_ERROR.search(message)
    if not match or int(match["code"]) not in _WHAT:
        return message
    exc = OSError(int(match["code"]), match["text"], match["path"])
    return describe_os_error(exc, "write the runtime home (HEMI_HOME)")
