"""Message catalogues: language codes, browser-locale and ``?lang=`` resolution, and ``t()``.

The catalogues are flat JSON files beside this module, one per page area and language
(``core.zh-Hans.json``, ``clusters.en.json`` …): key → ``str.format`` template. The files of one
language are merged and read once per process.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from gba_dash.safe_text import Markdown, md_escape

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "STRICT_ENV",
    "MissingTranslationError",
    "catalog_keys",
    "check_lang",
    "is_strict",
    "parse_lang",
    "resolve_lang",
    "t",
    "t_md",
    "warn_once",
]

log = logging.getLogger(__name__)

LANGS: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANG = "en"
STRICT_ENV = "GBA_DASH_I18N_STRICT"

# A BCP 47-ish tag: a 2–3 letter language, then subtags of 1–8 letters/digits ("-" or "_").
_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_HANT_REGIONS = frozenset({"hk", "tw", "mo"})


class MissingTranslationError(KeyError):
    """A catalogue has no entry for ``key`` in ``lang`` (raised only in strict mode)."""

    def __init__(self, key: str, lang: str) -> None:
        super().__init__(key, lang)
        self.key = key
        self.lang = lang

    def __str__(self) -> str:
        return f"no translation for {self.key!r} in {self.lang!r}"


def is_strict() -> bool:
    """Whether missing keys and bad arguments raise (env ``GBA_DASH_I18N_STRICT=1``) or degrade."""
    return os.environ.get(STRICT_ENV) == "1"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of LANGS; otherwise raise (strict) or warn and use English."""
    if lang in LANGS:
        return lang
    if is_strict():
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    warn_once(f"unknown language {lang!r}; using {DEFAULT_LANG!r}")
    return DEFAULT_LANG


def _tag_parts(value: str | None) -> list[str] | None:
    """Split a language tag into lower-case subtags, or None if it is not a well-formed tag."""
    if not isinstance(value, str):
        return None
    # Tolerate an Accept-Language-like string: keep the first tag, drop any ";q=…".
    tag = value.split(",", 1)[0].split(";", 1)[0].strip().replace("_", "-").lower()
    if len(tag) > 35 or not _TAG.fullmatch(tag):
        return None
    return tag.split("-")


def _chinese_variant(parts: list[str]) -> str:
    """Pick zh-Hans or zh-Hant for the subtags of a Chinese (zh/yue) tag: script beats region."""
    subtags = set(parts[1:])
    if "hans" in subtags:
        return "zh-Hans"
    if "hant" in subtags or subtags & _HANT_REGIONS:
        return "zh-Hant"
    # Cantonese is written in Traditional characters unless the tag says otherwise.
    return "zh-Hant" if parts[0] == "yue" else "zh-Hans"


def resolve_lang(locale: str | None) -> str:
    """Map a browser locale (``zh-HK``, ``zh_CN``, ``en-GB``…) to one of LANGS; never fails.

    zh-HK / zh-TW / zh-MO / zh-Hant(-*) → "zh-Hant"; any other zh (zh, zh-CN, zh-SG, zh-Hans-*)
    → "zh-Hans"; everything else, None and garbage → DEFAULT_LANG.
    """
    parts = _tag_parts(locale)
    if parts is None or parts[0] not in {"zh", "yue"}:
        return DEFAULT_LANG
    return _chinese_variant(parts)


def parse_lang(value: str | None) -> str | None:
    """Map a ``?lang=`` value to one of LANGS, or None if it names none of them.

    Accepts the exact codes case-insensitively (``_`` or ``-``), and aliases: zh, zh-CN, zh-SG,
    zh-Hans-* → zh-Hans; zh-HK, zh-TW, zh-MO, zh-Hant-* → zh-Hant; en-* → en.
    """
    parts = _tag_parts(value)
    if parts is None:
        return None
    if parts[0] == "en":
        return "en"
    if parts[0] in {"zh", "yue"}:
        return _chinese_variant(parts)
    return None


def catalog_files(lang: str) -> list[str]:
    """The catalogue files of one language: ``<area>.<lang>.json`` (core, clusters, …), sorted."""
    suffix = f".{lang}.json"
    names = [
        entry.name
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(suffix) and entry.name.count(".") == lang.count(".") + 2
    ]
    return sorted(names)


@functools.cache
def _catalog(lang: str) -> Mapping[str, str]:
    """Load one language's catalogues (once per process), merged.

    Each page area keeps its own file (``core.en.json``, ``clusters.en.json`` …) so that work on
    one page does not touch another's strings; a key defined in two files is an error, as are
    non-string values.
    """
    data: dict[str, object] = {}
    origin: dict[str, str] = {}
    for name in catalog_files(lang):

        def no_duplicates(pairs: list[tuple[str, object]], name: str = name) -> dict[str, object]:
            seen: dict[str, object] = {}
            for key, value in pairs:
                if key in seen:
                    raise ValueError(f"{name}: duplicate key {key!r}")
                seen[key] = value
            return seen

        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        for key, value in json.loads(text, object_pairs_hook=no_duplicates).items():
            if key in data:
                raise ValueError(f"{name}: key {key!r} is already defined in {origin[key]}")
            data[key] = value
            origin[key] = name
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise ValueError(f"{lang} catalogue: values must be strings: {bad}")
    return MappingProxyType(data)  # type: ignore[arg-type]


def catalog_keys(lang: str) -> set[str]:
    """The set of keys in ``lang``'s catalogue (ValueError for an unknown language)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return set(_catalog(lang))


@functools.lru_cache(maxsize=1024)
def warn_once(message: str) -> None:
    """Log a warning once per process per distinct message (pages rerun constantly)."""
    log.warning("i18n: %s", message)


def t(key: str, lang: str, /, **kwargs: object) -> str:
    """Translate ``key`` into ``lang`` and fill its ``{placeholders}`` from ``kwargs``.

    Strict mode (GBA_DASH_I18N_STRICT=1) raises MissingTranslationError for a missing key and
    KeyError/ValueError for a template that cannot be filled. Otherwise a missing key falls back
    to English, then to the key itself, and an unfillable template is returned unfilled; each is
    logged once as a warning.
    """
    lang = check_lang(lang)
    template = _catalog(lang).get(key)
    if template is None:
        if is_strict():
            raise MissingTranslationError(key, lang)
        warn_once(f"missing key {key!r} in {lang!r}")
        template = _catalog(DEFAULT_LANG).get(key, key)
    try:
        return template.format(**kwargs)
    except (KeyError, IndexError, ValueError) as exc:
        if is_strict():
            raise
        warn_once(f"cannot fill {key!r} in {lang!r}: {exc!r}")
        return template


def t_md(key: str, lang: str, /, **kwargs: object) -> Markdown:
    """``t`` for text shown as Markdown: every text value is data, escaped (``md_escape``), and
    the template is the catalogue's own Markdown; numbers and ``Markdown`` values go in as
    they are."""
    values = {k: md_escape(v) if isinstance(v, str) else v for k, v in kwargs.items()}
    return Markdown(t(key, lang, **values))
