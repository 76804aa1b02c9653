"""The bytes of data/, read once: what a build parses is exactly what its data hash is of.

A build that read the tables and then hashed the files could record a hash of an edit it never
loaded, after which the app would call its older rows fresh. So every file is read into memory
once (`read_inputs`), parsed from those bytes (`ingest.load_inputs`, `release_log.parse_log`)
and hashed from those bytes (`data_hash`). The hash also names the database's format, so a build
made by another version of the code is rebuilt rather than misread.

Core module: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from gba_dash import schema
from gba_dash.public_views import VIEWS_SQL
from gba_dash.releases import LOG_FILE

#: Bumped when the database's own tables (manifest, releases, history) change shape.
DATABASE_LAYOUT = 3


def _format_digest() -> str:
    """What a database built by this code looks like: the contract, its views, the layout."""
    text = f"{DATABASE_LAYOUT}\n{schema.TABLES!r}\n{VIEWS_SQL}"
    return hashlib.sha256(text.encode()).hexdigest()


FORMAT = _format_digest()


@dataclass(frozen=True)
class Inputs:
    """Every table file and the release log of one data folder, as bytes (a missing file is
    absent from `files`; one that could not be read is in `errors` with the reason)."""

    files: Mapping[str, bytes] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    def digests(self) -> dict[str, str]:
        """sha256 of each file read (name → hex digest)."""
        return {name: hashlib.sha256(raw).hexdigest() for name, raw in self.files.items()}

    def with_file(self, name: str, raw: bytes) -> Inputs:
        """These inputs with `name` holding `raw` (the log after a release was appended)."""
        return Inputs(MappingProxyType({**self.files, name: raw}), self.errors)


def input_names() -> tuple[str, ...]:
    """The files a build reads: every table of the contract, then the release log."""
    return (*(t.file for t in schema.TABLES), LOG_FILE)


def read_inputs(data_dir: Path) -> Inputs:
    """Read every input file of `data_dir` once."""
    files: dict[str, bytes] = {}
    errors: dict[str, str] = {}
    for name in input_names():
        path = data_dir / name
        try:
            files[name] = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            errors[name] = f"{type(exc).__name__}: {exc.strerror or exc}"
    return Inputs(MappingProxyType(files), MappingProxyType(errors))


def file_digests(data_dir: Path) -> dict[str, str]:
    """sha256 of every input file present in `data_dir` (name → digest)."""
    return read_inputs(data_dir).digests()


def data_hash(digests: Mapping[str, str]) -> str:
    """One digest for the whole input set (stable order) and the database format."""
    joined = "\n".join(f"{name}:{digest}" for name, digest in sorted(digests.items()))
    return hashlib.sha256(f"format:{FORMAT}\n{joined}".encode()).hexdigest()
