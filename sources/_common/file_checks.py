"""Is a landed file what its name says, and within the size limits? Checked once, at landing.

Every publisher's file passes here before any parser sees it, so a corrupt or mislabelled file is
refused in words a person can act on ("not a valid Excel workbook (truncated or not a zip)") with the
source and file named, rather than as a library's error from deep inside a parser.

Size limits (bytes; documented in the README):

- ``HEMI_MAX_FILE_MB`` (default 256): the largest file landed, and the largest total an archive
  (a zip, or an .xlsx, which is a zip) may expand to.
- ``HEMI_MAX_MEMBER_MB`` (default 256): the largest one member of an archive may expand to.

The largest real file in the snapshot is 3.2 MB and the largest archive member 17 MB (WGI's
sheet), so the defaults leave room for releases fifteen times larger while refusing a zip bomb
(0.86 MB expanding to 805 MB) before it is read. Archive sizes are checked twice: from the
declared sizes in the zip's directory, then by decompressing each member in bounded pieces and
counting, so a header that lies about its size cannot get past either.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sources._common.errors import SourceError

MB = 1024 * 1024
FILE_LIMIT_ENV = "HEMI_MAX_FILE_MB"
MEMBER_LIMIT_ENV = "HEMI_MAX_MEMBER_MB"
DEFAULT_LIMIT_MB = 256
READ_PIECE = MB  # what a streamed read holds at a time

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (Compound File Binary)
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


@dataclass(frozen=True)
class SizeLimits:
    max_file_bytes: int
    max_member_bytes: int

    @classmethod
    def from_env(cls) -> SizeLimits:
        return cls(_mb_from_env(FILE_LIMIT_ENV) * MB, _mb_from_env(MEMBER_LIMIT_ENV) * MB)


def _mb_from_env(name: str) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return DEFAULT_LIMIT_MB
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of megabytes, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {value}")
    return value


def too_large(source: str, what: str, size: int, limit: int, env: str, file: str | Path | None) -> SourceError:
    return SourceError(
        source,
        f"{what} is larger than the limit of {limit // MB:,} MB ({size:,} bytes or more); "
        f"if the publisher's file really is this large, raise {env}",
        file=file,
    )


def check_file_kind(source: str, path: Path, original_name: str, limits: SizeLimits | None = None) -> None:
    """Refuse a landed file whose bytes are not what its name says, or an archive over the limits."""
    limits = limits or SizeLimits.from_env()
    suffix = Path(original_name).suffix.lower()
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if suffix in _TEXT_SUFFIXES:
        encoding = _wide_encoding(head)
        if encoding:
            raise SourceError(
                source,
                f"{encoding} encoded; {source} {suffix[1:].upper()} files are UTF-8: re-save it as UTF-8 "
                "(or download it again)",
                file=original_name,
            )
        return
    if suffix not in {".xlsx", ".xlsm", ".xls", ".zip"}:
        return
    kind = "Excel workbook" if suffix.startswith(".xls") else "zip archive"
    article = "an" if kind[0] in "AEIOU" else "a"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not stripped:
        raise SourceError(source, f"is empty, not {article} {kind}", file=original_name, row=1)
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<html" in stripped[:300]:
        raise SourceError(
            source, f"is an HTML page, not {article} {kind} (an error page saved under a {suffix} name?)",
            file=original_name,
        )
    if suffix == ".xls" and head.startswith(_OLE2_MAGIC):
        return  # a legacy workbook: not a zip, so nothing to expand
    if suffix == ".xls" and not head.startswith(_ZIP_MAGIC):
        raise SourceError(
            source, "is not a valid Excel workbook (neither a legacy .xls nor an .xlsx; truncated?)", file=original_name
        )
    if not head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)) or not zipfile.is_zipfile(path):
        why = "truncated or not a zip" if suffix != ".zip" else "truncated, or not a zip"
        raise SourceError(source, f"is not a valid {kind} ({why})", file=original_name)
    check_archive(source, path, original_name, limits, kind)


def _wide_encoding(head: bytes) -> str | None:
    if head.startswith(_UTF32_BOMS):
        return "UTF-32"
    if head.startswith(_UTF16_BOMS):
        return "UTF-16"
    # UTF-16 without a byte order mark: every other byte of ASCII text is zero.
    sample = head[:200]
    if len(sample) >= 8 and sample.count(0) >= len(sample) // 3:
        return "UTF-16"
    return None


def check_archive(source: str, path: Path, shown_name: str, limits: SizeLimits, kind: str = "zip archive") -> None:
    """Every member within the limits, by its declared size and by the bytes it really expands to."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            declared_total = 0
            for info in members:
                if info.file_size > limits.max_member_bytes:
                    raise too_large(source, f"member {info.filename!r}", info.file_size,
                                    limits.max_member_bytes, MEMBER_LIMIT_ENV, shown_name)
                declared_total += info.file_size
            if declared_total > limits.max_file_bytes:
                raise too_large(source, f"the {kind}, expanded,", declared_total, limits.max_file_bytes,
                                FILE_LIMIT_ENV, shown_name)
            expanded_total = 0
            for info in members:
                with archive.open(info) as member:
                    expanded_total += count_bytes(
                        member, limits.max_member_bytes, source, f"member {info.filename!r}", shown_name
                    )
                if expanded_total > limits.max_file_bytes:
                    raise too_large(source, f"the {kind}, expanded,", expanded_total, limits.max_file_bytes,
                                    FILE_LIMIT_ENV, shown_name)
    except SourceError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise SourceError(source, f"is not a valid {kind} (a damaged member: {exc})", file=shown_name) from exc


def count_bytes(stream: IO[bytes], limit: int, source: str, what: str, shown_name: str) -> int:
    """Read ``stream`` to its end a piece at a time; fail as soon as it passes ``limit``."""
    total = 0
    while piece := stream.read(READ_PIECE):
        total += len(piece)
        if total > limit:
            raise too_large(source, what, total, limit, MEMBER_LIMIT_ENV, shown_name)
    return total


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, shown_name: str | Path) -> bytes:
    """One archive member's bytes, read in pieces and refused past the member limit (a lying header
    cannot make it allocate more than the limit)."""
    limit = SizeLimits.from_env().max_member_bytes
    if info.file_size > limit:
        raise too_large(source, f"member {info.filename!r}", info.file_size, limit, MEMBER_LIMIT_ENV, shown_name)
    pieces = []
    total = 0
    with archive.open(info) as member:
        while piece := member.read(READ_PIECE):
            total += len(piece)
            if total > limit:
                raise too_large(source, f"member {info.filename!r}", total, limit, MEMBER_LIMIT_ENV, shown_name)
            pieces.append(piece)
    return b"".join(pieces)


def sha256_of_file(path: Path) -> str:
    """A file's sha256, read a piece at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while piece := handle.read(READ_PIECE):
            digest.update(piece)
    return digest.hexdigest()
