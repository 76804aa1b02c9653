"""What every Office file made here shares: the same bytes for the same content (each member of
the zip stamped with the day the file speaks of, not the moment it was written), so that the
file a button gives and the file the command line writes for the same view can be compared."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

#: The modification time an Office writer stamps in the file's core properties.
_MODIFIED = re.compile(rb"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")


def stamped_day(day: str) -> datetime:
    """Midnight (UTC, naive) of an ISO day: the creation time an Office file records."""
    return datetime.fromisoformat(day[:10])


def reproducible(content: bytes, day: str) -> bytes:
    """An Office file (a zip) with every member dated `day` (ISO), and its core properties'
    modification time that day's midnight (a writer stamps the moment it saves); nothing
    else changes: members, order, contents and compression stay as written."""
    stamp = stamped_day(day).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                when = stamped_day(day).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()
