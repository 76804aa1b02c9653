"""Export page sizes and the CJK fonts vl-convert needs to set Chinese text."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import vl_convert as vlc


@dataclass(frozen=True)
class Preset:
    """A page size: SVG user units (CSS px; the PNG is this × scale) and the PDF page in points."""

    code: str
    width: int
    height: int
    pdf_width: float
    pdf_height: float
    margin: float
    title_size: float
    text_size: float
    small_size: float
    qr_size: float


#: 16:9 and 4:3 are PowerPoint's page sizes (13.33 × 7.5 in, 10 × 7.5 in) in the PDF; A4 is A4.
PRESETS: dict[str, Preset] = {
    "slide_16x9": Preset("slide_16x9", 1280, 720, 960, 540, 40, 34, 18, 14, 112),
    "slide_4x3": Preset("slide_4x3", 960, 720, 720, 540, 36, 30, 17, 13, 104),
    "a4_portrait": Preset("a4_portrait", 794, 1123, 595.28, 841.89, 48, 26, 15, 11.5, 104),
}
DEFAULT_PRESET = "slide_16x9"
PNG_SCALE = 2
FORMATS = ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


#: Fonts named in Office files (decks, memos): Latin, and East Asian per reader (Hong Kong forms
#: for zh-Hant). Where the face is missing, Word and WPS take the font table's alternative name
#: and character set (`OFFICE_FALLBACK`: a GB2312 or Big5 face such as SimSun or PMingLiU);
#: LibreOffice asks fontconfig for a face of the run's language (Noto Sans CJK on Debian).
LATIN_FONT = "Noto Sans"
EAST_ASIAN_FONT = {
    "zh-Hans": "Microsoft YaHei",
    "zh-Hant": "Microsoft JhengHei",
    "en": "Microsoft YaHei",
}
#: East Asian face → (its name in its own script, Windows character set as hex).
OFFICE_FALLBACK = {
    "Microsoft YaHei": ("微软雅黑", "86"),
    "Microsoft JhengHei": ("微軟正黑體", "88"),
}
#: The language a run of text is marked with (BCP 47, as Office writes it).
TEXT_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en-US"}


#: Extra font folders (separated by os.pathsep), searched before the system folders.
FONT_DIR_ENV = "GBA_DASH_FONT_DIR"
#: What to install on Debian/Ubuntu (the README's set-up command installs it).
FONT_PACKAGE = "fonts-noto-cjk"
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_FONT_SUFFIXES = (".ttc", ".otc", ".otf", ".ttf")
# Sans faces first: the chart theme asks for Noto Sans CJK / Source Han Sans.
_CJK_FONT_NAMES = (
    re.compile(r"notosanscjk|sourcehansans|notosans(sc|tc|hk)-", re.IGNORECASE),
    re.compile(
        r"notoserifcjk|sourcehanserif|wqy|droidsansfallback|msyh|msjh|simhei|simsun|pingfang"
        r"|hiragino sans gb|stheiti",
        re.IGNORECASE,
    ),
)
_CJK_CHARS = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uff00-\uffef\U00020000-\U0002fa1f]"
)
#: Font families of the text around the chart, per reader (Hong Kong forms for zh-Hant).
FONT_FAMILY = {
    "zh-Hans": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
    "zh-Hant": "Noto Sans CJK HK, Noto Sans CJK TC, Source Han Sans HC, PingFang HK, "
    "Microsoft JhengHei, sans-serif",
    "en": "Noto Sans CJK SC, Source Han Sans SC, Liberation Sans, Arial, sans-serif",
}

_font_lock = threading.Lock()
_registered: dict[str, Path] = {}


class CJKFontMissing(RuntimeError):
    """No CJK font was found: Chinese text would be drawn as empty boxes (tofu)."""

    def __init__(self, searched: Sequence[Path]) -> None:
        folders = ", ".join(str(p) for p in searched) or "(none)"
        super().__init__(
            "No CJK font found for chart export, so Chinese text would render as empty boxes. "
            f"Install one with `sudo apt-get install {FONT_PACKAGE}` (Debian/Ubuntu), or set "
            f"{FONT_DIR_ENV} to a folder holding Noto Sans CJK or Source Han Sans. "
            f"Searched: {folders}"
        )


def has_cjk(text: str) -> bool:
    """Whether `text` holds Chinese (or other CJK) characters."""
    return bool(_CJK_CHARS.search(text))


def font_search_dirs() -> list[Path]:
    """Folders searched for a CJK font: ``GBA_DASH_FONT_DIR`` first, then the system's."""
    extra = [p for p in os.environ.get(FONT_DIR_ENV, "").split(os.pathsep) if p.strip()]
    return [Path(p).expanduser() for p in (*extra, *SYSTEM_FONT_DIRS)]


def find_cjk_font(dirs: Iterable[Path] | None = None) -> Path | None:
    """The first CJK font file under `dirs` (sans faces preferred), or None."""
    files: list[Path] = []
    for folder in font_search_dirs() if dirs is None else dirs:
        if not folder.is_dir():
            continue
        for root, subdirs, names in os.walk(folder):
            subdirs.sort()
            fonts = sorted(n for n in names if n.lower().endswith(_FONT_SUFFIXES))
            files.extend(Path(root) / n for n in fonts)
    for pattern in _CJK_FONT_NAMES:
        for path in files:
            if pattern.search(path.name):
                return path
    return None


def ensure_cjk_font(dirs: Sequence[Path] | None = None) -> Path:
    """Find a CJK font and register its folder with vl-convert (once per process and folder set).

    Raises `CJKFontMissing` (naming the package to install) when there is none.
    """
    folders = font_search_dirs() if dirs is None else list(dirs)
    key = os.pathsep.join(map(str, folders))
    with _font_lock:
        if key in _registered:
            return _registered[key]
        font = find_cjk_font(folders)
        if font is None:
            raise CJKFontMissing(folders)
        vlc.register_font_directory(str(font.parent))
        _registered[key] = font
        return font


@functools.cache
def cjk_font_available() -> bool:
    """Whether a CJK font can be registered (checked once per process)."""
    try:
        ensure_cjk_font()
    except CJKFontMissing:
        return False
    return True


def resolved_fonts(text: str, family: str = FONT_FAMILY["zh-Hans"]) -> list[str]:
    """The font faces vl-convert actually uses for `text` (read from a PDF rendering)."""
    if has_cjk(text):
        ensure_cjk_font()
    spec = {
        "data": {"values": [{}]},
        "mark": {"type": "text", "font": family, "fontSize": 24},
        "encoding": {"text": {"value": text}},
        "width": 40 * max(1, len(text)),
        "height": 40,
    }
    pdf = vlc.vegalite_to_pdf(spec)
    names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]]+)", pdf)
    faces = {n.decode("latin-1").removesuffix("-Identity-H") for n in names}
    return sorted(faces)
