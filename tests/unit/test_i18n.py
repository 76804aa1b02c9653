"""gba_dash.i18n: catalogue parity, language resolution, Babel formatting and Vega label parity."""

from __future__ import annotations

import json
import re
import string
from datetime import date, datetime
from pathlib import Path

import altair as alt
import pytest
import vl_convert
from hypothesis import given, settings
from hypothesis import strategies as st

from gba_dash import i18n
from gba_dash.i18n import (
    DEFAULT_LANG,
    LANGS,
    QUALIFIERS,
    UNITS,
    MissingTranslationError,
    catalog_keys,
    format_date,
    format_number,
    format_qualified,
    parse_lang,
    resolve_lang,
    t,
    vega_locale,
    vega_number_label_expr,
)

I18N_DIR = Path(i18n.__file__).parent
PROJECT = Path(__file__).resolve().parents[2]
HANS, HANT, EN = LANGS


def raw_catalog(lang: str) -> dict[str, str]:
    """A language's catalogue files merged (independently of the module's loader)."""
    merged: dict[str, str] = {}
    for path in sorted(I18N_DIR.glob(f"*.{lang}.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def test_each_area_has_all_three_languages() -> None:
    areas = {p.name.split(".")[0] for p in I18N_DIR.glob("*.json")}
    for area in areas:
        for lang in LANGS:
            assert (I18N_DIR / f"{area}.{lang}.json").is_file(), f"{area}.{lang}.json missing"


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a str.format template expects."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.fixture
def lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn strict mode off (tests/conftest.py turns it on for the whole suite)."""
    monkeypatch.delenv(i18n.STRICT_ENV, raising=False)
    i18n.catalog.warn_once.cache_clear()  # so each test sees its own warnings logged


# --- catalogues -------------------------------------------------------------------------------


def test_catalogues_have_the_same_keys() -> None:
    reference = catalog_keys(EN)
    for lang in LANGS:
        keys = catalog_keys(lang)
        assert keys == reference, (
            f"{lang}.json: missing {sorted(reference - keys)}, extra {sorted(keys - reference)}"
        )


def test_catalogues_have_the_same_placeholders_per_key() -> None:
    english = raw_catalog(EN)
    for lang in (HANS, HANT):
        other = raw_catalog(lang)
        wrong = {k: (placeholders(other[k]), placeholders(v)) for k, v in english.items()}
        wrong = {k: pair for k, pair in wrong.items() if pair[0] != pair[1]}
        assert not wrong, f"{lang}.json placeholders differ from en.json: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_values_are_non_empty_strings(lang: str) -> None:
    empty = [k for k, v in raw_catalog(lang).items() if not isinstance(v, str) or not v.strip()]
    assert not empty, f"{lang}.json: empty values for {empty}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_keys_are_dotted_lower_case(lang: str) -> None:
    # Lower case, but for a language code as a segment (`lang.zh-Hant`: keys are built from it).
    segment = "|".join([r"[a-z0-9_-]+", *map(re.escape, LANGS)])
    bad = [k for k in raw_catalog(lang) if not re.fullmatch(rf"[a-z0-9_]+(\.(?:{segment}))+", k)]
    assert not [
        k
        for k in ("page.Overview", "Ui.share")
        if re.fullmatch(rf"[a-z0-9_]+(\.(?:{segment}))+", k)
    ]
    assert not bad, f"{lang}.json: keys should look like 'page.overview': {bad}"


# Characters that exist only in one script: they must not leak into the other catalogue.
SIMPLIFIED_ONLY = (
    "这们数据链连来载设务时间关门为发区湾粤国业术项标预计约过单备类语复图库执显认证华广实经济处总览级对应导"
    "万亿个户无开画后"
)
TRADITIONAL_ONLY = (
    "這們數據鏈連來載設務時間關門為發區灣粵國業術項標預計約過單備類語複圖庫執顯認證華廣實經濟處總覽級對應導"
    "萬億個戶無開畫後"
)


def test_traditional_catalogue_has_no_simplified_only_characters() -> None:
    leaks = {k: v for k, v in raw_catalog(HANT).items() if set(v) & set(SIMPLIFIED_ONLY)}
    leaks.pop("lang.zh-Hans", None)  # the endonym 简体中文 is Simplified in every catalogue
    assert not leaks


def test_simplified_catalogue_has_no_traditional_only_characters() -> None:
    leaks = {k: v for k, v in raw_catalog(HANS).items() if set(v) & set(TRADITIONAL_ONLY)}
    leaks.pop("lang.zh-Hant", None)
    assert not leaks


def test_traditional_uses_hong_kong_words_not_converted_glyphs() -> None:
    assert t("ui.data_table", HANT) == "數據表"
    assert t("ui.copy_link", HANT) == "複製連結"
    assert t("page.sources", HANT) == "資料來源"
    assert t("ui.download_csv", HANT) == "下載 CSV"
    assert "預設" in t("warn.param_invalid", HANT, param="edition")


def test_every_unit_has_a_label_and_every_qualifier_its_words() -> None:
    keys = catalog_keys(EN)
    assert {f"unit.{u}" for u in UNITS} <= keys
    assert {f"qualifier.{q}" for q in QUALIFIERS} <= keys
    assert {f"fmt.qualified.{q}" for q in QUALIFIERS} <= keys


def test_literal_keys_used_in_code_exist() -> None:
    """Every t("literal.key", …) in src/ and pages/ has a catalogue entry."""
    pattern = re.compile(r"""(?<![\w.])t(?:_md)?\(\s*["']([A-Za-z0-9_.-]+)["']""")
    keys = catalog_keys(EN)
    used: dict[str, str] = {}
    for folder in (PROJECT / "src", PROJECT / "pages", PROJECT / "app.py"):
        files = [folder] if folder.is_file() else sorted(folder.rglob("*.py"))
        for path in files:
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                used.setdefault(key, str(path.relative_to(PROJECT)))
    missing: dict[str, list[str]] = {}
    for key, where in used.items():
        if key not in keys:
            missing.setdefault(where, []).append(key)
    assert not missing, f"add these keys to all three i18n/*.json catalogues: {missing}"


def test_the_seeded_strings() -> None:
    assert [t("app.title", lang) for lang in LANGS] == [
        "粤港澳大湾区科技创新看板",
        "粵港澳大灣區科技創新看板",
        "GBA Innovation Dashboard",
    ]
    assert {t(f"lang.{code}", lang) for lang in LANGS for code in LANGS} == {
        "简体中文",
        "繁體中文",
        "English",
    }
    assert t("warn.param_invalid", HANS, param="edition") == (
        "链接参数“edition”的值无效，已改用默认值。"
    )
    for lang in LANGS:
        assert "gba-dash check" in t("error.db_unavailable", lang)


# --- t() ----------------------------------------------------------------------------------------


def test_strict_mode_raises_for_a_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.STRICT_ENV, "1")
    with pytest.raises(MissingTranslationError) as info:
        t("no.such.key", HANT)
    assert isinstance(info.value, KeyError)
    assert (info.value.key, info.value.lang) == ("no.such.key", HANT)
    with pytest.raises(KeyError):
        t("warn.param_invalid", EN)  # {param} not given


@pytest.mark.usefixtures("lenient")
def test_lenient_mode_falls_back_to_english_then_to_the_key(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from gba_dash.i18n import catalog

    english = dict(catalog._catalog(EN)) | {"only.in.english": "Only {what}"}
    monkeypatch.setattr(catalog, "_catalog", lambda lang: english if lang == EN else {})
    assert t("only.in.english", HANS, what="here") == "Only here"
    assert t("nowhere.at.all", HANT) == "nowhere.at.all"
    assert t("only.in.english", EN) == "Only {what}"  # unfillable: shown unfilled, not raised
    assert t("only.in.english", "xx", what="x") == "Only x"  # unknown language → English
    assert "nowhere.at.all" in caplog.text


def test_t_formats_placeholders() -> None:
    assert t("ui.as_of", HANT, date="2025年11月") == "截至2025年11月"
    assert t("ui.source_line", EN, source="WIPO") == "Source: WIPO"


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh-HK", HANT),
        ("zh-TW", HANT),
        ("zh-MO", HANT),
        ("zh_hk", HANT),
        ("zh-Hant", HANT),
        ("zh-Hant-CN", HANT),
        ("yue-HK", HANT),
        ("zh-CN", HANS),
        ("zh", HANS),
        ("ZH-sg", HANS),
        ("zh_CN", HANS),
        ("zh-Hans", HANS),
        ("zh-Hans-HK", HANS),
        ("zh-HK,zh;q=0.9,en;q=0.8", HANT),
        ("en-GB", EN),
        ("en", EN),
        ("fr", EN),
        ("fr-FR", EN),
        (None, EN),
        ("", EN),
        ("xx-!!", EN),
        ("zh-!!", EN),
        ("<script>", EN),
        ("zh-" + "a" * 100, EN),
    ],
)
def test_resolve_lang(locale: str | None, expected: str) -> None:
    assert resolve_lang(locale) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh-Hans", HANS),
        ("zh-Hant", HANT),
        ("en", EN),
        ("ZH-HANT", HANT),
        ("zh_hans", HANS),
        (" en ", EN),
        ("zh-CN", HANS),
        ("zh", HANS),
        ("zh-HK", HANT),
        ("zh-TW", HANT),
        ("en-GB", EN),
        ("EN-us", EN),
        ("fr", None),
        ("", None),
        (None, None),
        ("x' OR 1=1 --", None),
        ("zh-Hant;", HANT),
        ("english", None),
    ],
)
def test_parse_lang(value: str | None, expected: str | None) -> None:
    assert parse_lang(value) == expected


def test_default_lang() -> None:
    assert DEFAULT_LANG == "en"
    assert LANGS == ("zh-Hans", "zh-Hant", "en")


# --- numbers ------------------------------------------------------------------------------------

COUNT_UNITS = ["count", "enterprises", "firms", "projects", "accounts", "scenarios", "hours"]

# value, unit, (zh-Hans, zh-Hant, en) — hand-written.
NUMBER_CASES = [
    *[
        (v, u, e)
        for u in COUNT_UNITS
        for v, e in [
            (0, ("0", "0", "0")),
            (77000, ("7.7万", "7.7萬", "77K")),
            (-77000, ("-7.7万", "-7.7萬", "-77K")),
        ]
    ],
    (1.2e8, "count", ("1.2亿", "1.2億", "120M")),
    (1.2e9, "count", ("12亿", "12億", "1.2B")),
    (999, "count", ("999", "999", "999")),
    (1234, "count", ("1234", "1234", "1.23K")),
    (12345678, "count", ("1234.6万", "1234.6萬", "12.3M")),
    (999999, "count", ("100万", "100萬", "1M")),
    (12.5, "hours", ("12.5", "12.5", "12.5")),
    (-0.001, "count", ("0", "0", "0")),
    (130000, "cny_100m", ("13万亿元", "13萬億元", "CNY 13 trillion")),
    (18284.6, "cny_100m", ("1.83万亿元", "1.83萬億元", "CNY 1.83 trillion")),
    (1.2, "cny_100m", ("1.2亿元", "1.2億元", "CNY 120 million")),
    (-1.2, "cny_100m", ("-1.2亿元", "-1.2億元", "-CNY 120 million")),
    (0, "cny_100m", ("0元", "0元", "CNY 0")),
    (2338, "usd_100m", ("2338亿美元", "2338億美元", "USD 233.8 billion")),
    (-2338, "usd_100m", ("-2338亿美元", "-2338億美元", "-USD 233.8 billion")),
    (0, "usd_100m", ("0美元", "0美元", "USD 0")),
    (24480, "hkd_million", ("244.8亿港元", "244.8億港元", "HK$24.5 billion")),
    (-24480, "hkd_million", ("-244.8亿港元", "-244.8億港元", "-HK$24.5 billion")),
    (0, "hkd_million", ("0港元", "0港元", "HK$0")),
    (77000, "cny_10k", ("7.7亿元", "7.7億元", "CNY 770 million")),
    (1.5, "cny_10k", ("1.5万元", "1.5萬元", "CNY 15,000")),
    (-1.5, "cny_10k", ("-1.5万元", "-1.5萬元", "-CNY 15,000")),
    (0, "cny_10k", ("0元", "0元", "CNY 0")),
    (15.4, "percent", ("15.4%", "15.4%", "15.4%")),
    (15.4, "percent_of_gdp", ("15.4%", "15.4%", "15.4%")),
    (-3.256, "percent_of_gdp", ("-3.26%", "-3.26%", "-3.26%")),
    (0, "percent", ("0%", "0%", "0%")),
    (1, "rank", ("第1位", "第1位", "No. 1")),
    (1234, "rank", ("第1,234位", "第1,234位", "No. 1,234")),
    (float("nan"), "count", ("—", "—", "—")),
    (None, "cny_100m", ("—", "—", "—")),
]


@pytest.mark.parametrize(("value", "unit", "expected"), NUMBER_CASES)
def test_format_number(value: float, unit: str, expected: tuple[str, str, str]) -> None:
    assert tuple(format_number(value, lang, unit) for lang in LANGS) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (77000, "enterprises", ("77,000", "77,000", "77,000")),
        (130000, "cny_100m", ("130,000亿元", "130,000億元", "CNY 13,000,000,000,000")),
        (18284.6, "cny_100m", ("18,284.6亿元", "18,284.6億元", "CNY 1,828,460,000,000")),
        (24480, "hkd_million", ("24,480百万港元", "24,480百萬港元", "HK$24,480,000,000")),
        (15.4, "percent", ("15.4%", "15.4%", "15.4%")),
    ],
)
def test_format_number_not_compact(value: float, unit: str, expected: tuple[str, ...]) -> None:
    assert tuple(format_number(value, lang, unit, compact=False) for lang in LANGS) == expected


def test_format_number_decimals_and_suffix() -> None:
    assert format_number(18284.6, HANS, "cny_100m", decimals=1) == "1.8万亿元"
    assert format_number(18284.6, EN, "cny_100m", decimals=0) == "CNY 2 trillion"
    assert format_number(15.46, HANT, "percent", decimals=0) == "15%"
    assert format_number(77000, HANS, "enterprises", suffix=t("unit.enterprises", HANS)) == (
        "7.7万家"
    )
    assert format_number(77000, HANT, "firms", suffix="家") == "7.7萬家"
    assert format_number(77000, EN, "enterprises", suffix=t("unit.enterprises", EN)) == (
        "77K enterprises"
    )
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, EN, "count", decimals=-1)


def test_zh_hant_rejects_cldr_k_m_and_zhao() -> None:
    """The pinned decision: 萬/億/萬億, not zh_Hant_HK's K/M/T nor zh_Hant's 兆."""
    text = format_number(1.83e12, HANT, "count")
    assert text == "1.83萬億"
    assert not set("KMT兆万亿") & set(text)


def test_unknown_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        format_number(1, EN, "furlongs")
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert format_number(77000, EN, "furlongs") == "77K"


LANG = st.sampled_from(LANGS)
UNIT = st.sampled_from(sorted(UNITS))
FINITE = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(
    value=FINITE,
    lang=LANG,
    unit=UNIT,
    compact=st.booleans(),
    decimals=st.none() | st.integers(0, 4),
)
def test_format_number_never_fails_on_finite_floats(
    value: float, lang: str, unit: str, compact: bool, decimals: int | None
) -> None:
    text = format_number(value, lang, unit, compact=compact, decimals=decimals)
    assert isinstance(text, str)
    assert text.strip()
    assert not text.startswith("-0") or re.match(r"-0\.\d*[1-9]", text)
    assert text != "—"


@settings(max_examples=200, deadline=None)
@given(value=FINITE, unit=st.sampled_from([*COUNT_UNITS, "percent", "percent_of_gdp"]))
def test_zh_hant_counts_are_zh_hans_with_traditional_glyphs(value: float, unit: str) -> None:
    simplified = format_number(value, HANS, unit)
    assert format_number(value, HANT, unit) == simplified.translate(str.maketrans("万亿", "萬億"))


# --- qualifiers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("exact", ("7.7万", "7.7萬", "77K")),
        (None, ("7.7万", "7.7萬", "77K")),
        ("lower_bound", ("超过7.7万", "逾7.7萬", "over 77K")),
        ("approx", ("约7.7万", "約7.7萬", "about 77K")),
        ("estimate", ("预计7.7万", "預計7.7萬", "77K (est.)")),
        ("target", ("目标7.7万", "目標7.7萬", "target 77K")),
    ],
)
def test_format_qualified(qualifier: str | None, expected: tuple[str, str, str]) -> None:
    got = tuple(format_qualified(77000, qualifier, lang, "enterprises") for lang in LANGS)
    assert got == expected
    assert not any("≥" in text for text in got)


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        # the article's "20个以上" as a target: the "+" between number and measure word
        ("target_lower_bound", ("目标20个以上", "目標20個以上", "20+ scenarios (target)")),
        # beside a heading that already says "target"
        ("at_least", ("20个以上", "20個以上", "20+ scenarios")),
        ("lower_bound", ("超过20个", "逾20個", "over 20 scenarios")),
        ("target", ("目标20个", "目標20個", "target 20 scenarios")),
    ],
)
def test_qualified_counts_with_their_measure_word(
    qualifier: str, expected: tuple[str, str, str]
) -> None:
    got = tuple(
        format_qualified(20, qualifier, lang, "scenarios", suffix=t("unit.scenarios", lang))
        for lang in LANGS
    )
    assert got == expected


def test_format_qualified_money_and_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert format_qualified(18284.6, "approx", EN, "cny_100m") == "about CNY 1.83 trillion"
    assert format_qualified(130000, "target", HANT, "cny_100m") == "目標13萬億元"
    assert format_qualified(None, "approx", HANS, "count") == "—"
    with pytest.raises(ValueError, match="qualifier"):
        format_qualified(1, "roughly", EN, "count")
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert format_qualified(1, "roughly", EN, "count") == "1"


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "granularity", "expected"),
    [
        (date(2025, 11, 19), "day", ("2025年11月19日", "2025年11月19日", "19 Nov 2025")),
        ("2025-11-19", "day", ("2025年11月19日", "2025年11月19日", "19 Nov 2025")),
        (datetime(2025, 11, 19, 8, 30), "day", ("2025年11月19日", "2025年11月19日", "19 Nov 2025")),
        ("2025-11-19", "month", ("2025年11月", "2025年11月", "Nov 2025")),
        ("2025-11", "month", ("2025年11月", "2025年11月", "Nov 2025")),
        ("2025-11", "day", ("2025年11月", "2025年11月", "Nov 2025")),
        ("2025", "day", ("2025年", "2025年", "2025")),
        ("2025-11-19", "year", ("2025年", "2025年", "2025")),
        (2024, "year", ("2024年", "2024年", "2024")),
    ],
)
def test_format_date(value: object, granularity: str, expected: tuple[str, str, str]) -> None:
    assert tuple(format_date(value, lang, granularity) for lang in LANGS) == expected


@pytest.mark.parametrize("bad", ["2025-13", "2025/11/19", "yesterday", "", "2025-02-30"])
def test_format_date_rejects_garbage(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies with the cause
        format_date(bad, EN)


# --- Vega ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_vega_locale(lang: str) -> None:
    locale = vega_locale(lang)
    assert set(locale) == {"number", "time"}
    assert locale["number"]["decimal"] == "."
    assert len(locale["time"]["months"]) == 12
    locale["number"]["decimal"] = ","  # a copy: the cache is not affected
    assert vega_locale(lang)["number"]["decimal"] == "."
    assert vega_locale(HANT)["time"]["shortDays"][0] == "日"  # zh-TW, not zh-CN's 周日


# Tick values per axis (in the axis unit) and the labels they must get, per language.
AXES = {
    "count": [0, 77000, -77000, 1.2e8, 999999],
    "cny_100m": [18284.6, 130000, 1.2],
    "hkd_million": [24480],
    "percent": [15.4, -3.256],
}
EXPECTED_LABELS = {
    "zh-Hans": [
        "0",
        "7.7万",
        "-7.7万",
        "1.2亿",
        "100万",
        "1.83万亿",
        "13万亿",
        "1.2亿",
        "244.8亿",
        "15.4%",
        "-3.26%",
    ],
    "zh-Hant": [
        "0",
        "7.7萬",
        "-7.7萬",
        "1.2億",
        "100萬",
        "1.83萬億",
        "13萬億",
        "1.2億",
        "244.8億",
        "15.4%",
        "-3.26%",
    ],
    "en": ["0", "77K", "-77K", "120M", "1M", "1.83T", "13T", "120M", "24.5B", "15.4%", "-3.26%"],
}


def label_chart(lang: str) -> alt.HConcatChart:
    """One small chart per axis unit, each with explicit ticks and our labelExpr."""
    charts = []
    for unit, ticks in AXES.items():
        data = alt.Data(values=[{"v": v} for v in ticks])
        axis = alt.Axis(
            values=ticks,
            labelExpr=vega_number_label_expr(lang, unit),
            labelOverlap=False,
            title=unit,
        )
        charts.append(alt.Chart(data).mark_tick().encode(y=alt.Y("v:Q", axis=axis)))
    return alt.hconcat(*charts).configure(locale=vega_locale(lang))


def svg_labels(svg: str) -> list[str]:
    """The text of every <text> element in an SVG."""
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


@pytest.mark.parametrize("lang", LANGS)
def test_vega_label_expr_renders_like_format_number(lang: str) -> None:
    labels = svg_labels(vl_convert.vegalite_to_svg(label_chart(lang).to_dict()))
    for expected in EXPECTED_LABELS[lang]:
        assert expected in labels, f"{expected!r} not among {labels}"
    # …and they agree with the Babel formatter, currency words aside.
    for unit, ticks in AXES.items():
        for value in ticks:
            babel = format_number(value, lang, unit)
            if UNITS[unit].kind == "money":
                babel = without_currency(babel)
            assert babel in labels, f"{unit} {value}: {babel!r} not among {labels}"


SCALE_WORDS = {" trillion": "T", " billion": "B", " million": "M"}


def without_currency(text: str) -> str:
    """format_number's money text as an axis shows it: "CNY 1.83 trillion" → "1.83T"."""
    text = re.sub(r"(CNY |USD |HK\$|美元|港元|元)", "", text)
    for word, letter in SCALE_WORDS.items():
        text = text.replace(word, letter)
    return text


def test_vega_label_expr_edges() -> None:
    expr = vega_number_label_expr(EN, "count")
    assert expr.startswith("datum.value == 0 ? '0'")
    assert "* 100000000" in vega_number_label_expr(HANS, "cny_100m")
    assert vega_number_label_expr(EN, "percent").endswith("+ '%'")
    assert "万" not in vega_number_label_expr(HANT, "count")


def test_remembered_numbers_keep_every_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """`format_number` remembers what it formatted; the checks still run on every call."""
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert format_number(77000, EN, "furlongs") == "77K"  # remembered, with a warning
    monkeypatch.setenv(i18n.STRICT_ENV, "1")
    with pytest.raises(ValueError, match="unknown unit"):
        format_number(77000, EN, "furlongs")
    with pytest.raises(ValueError, match="decimals"):
        format_number(77000, EN, "count", decimals=-1)
    # the same number in another language, unit or form is its own entry
    assert format_number(77000, HANS, "count") == "7.7万"
    assert format_number(77000, EN, "count") == "77K"
    assert format_number(77000, EN, "count", compact=False) == "77,000"
    assert format_number(-0.0, EN, "cny_100m") == format_number(0.0, EN, "cny_100m")
