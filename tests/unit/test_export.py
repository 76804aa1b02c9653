"""gba_dash.export: chart pages (PNG/SVG/PDF) with their provenance, CJK glyphs, CSV and zip."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import altair as alt
import pandas as pd
import pytest

from gba_dash import export
from gba_dash.charts.theme import finish
from gba_dash.i18n import LANGS, format_date, t

LINK = "https://gba.example.org/clusters?lang=zh-Hans&edition=2025&clusters=szhkgz,macao_zhuhai"
SOURCE = "世界知识产权组织（WIPO）《全球创新指数2025》"
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Faces that hold Chinese glyphs (what vl-convert must resolve for 粤港澳大湾区).
CJK_FACE = re.compile(
    r"CJK|SourceHan|WenQuanYi|wqy|DroidSansFallback|YaHei|JhengHei|PingFang", re.IGNORECASE
)


def bar_spec(lang: str = "zh-Hans", title: str | None = "各城市试点数") -> dict:
    frame = pd.DataFrame({"city": ["深圳", "香港", "澳门"], "n": [11, 9, 5]})
    chart = (
        alt.Chart(frame, title=title or alt.Undefined)
        .mark_bar()
        .encode(x=alt.X("city:N", title="城市"), y=alt.Y("n:Q", title="试点数"))
    )
    return finish(chart, lang).to_dict()


def provenance(**changes: object) -> export.Provenance:
    values: dict = {
        "lang": "zh-Hans",
        "title": "粤港澳大湾区的数据跨境试点",
        "unit": "个",
        "sources": (SOURCE,),
        "vintage": "2026-01-05",
        "link": LINK,
        "exported": "2026-02-01",
        "summary": "深圳参与的试点最多。",
    }
    values.update(changes)
    return export.Provenance(**values)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_MAGIC
    return struct.unpack(">II", png[16:24])


def svg_texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- a small PDF text reader (pdftotext when poppler-utils is installed) ---------------------

_OBJ = re.compile(rb"(\d+)\s+0\s+obj\s*(.*?)\s*endobj", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_literal(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            nxt = raw[i + 1 : i + 2]
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += raw[i : i + 1]
        i += 1
    return bytes(out)


def _cmap(data: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(int(dst, 16) + k)
    return table


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (2-byte CID fonts with ToUnicode maps, as svg2pdf writes them)."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    objects: dict[int, tuple[bytes, bytes]] = {}
    for match in _OBJ.finditer(pdf):
        head, found, rest = match.group(2).partition(b"stream")
        data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0] if found else b""
        if found and b"/FlateDecode" in head:
            data = zlib.decompress(data)
        objects[int(match.group(1))] = (head, data)
    maps = {
        num: _cmap(objects[int(ref.group(1))][1])
        for num, (head, _) in objects.items()
        if (ref := re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", head))
    }
    fonts = {
        name: maps[int(ref)]
        for head, _ in objects.values()
        for name, ref in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R", head)
        if int(ref) in maps
    }
    ops = re.compile(
        rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj"
        rb"|<([0-9A-Fa-f]*)>\s*Tj|\[(.*?)\]\s*TJ",
        re.DOTALL,
    )
    chars: list[str] = []
    for _, data in objects.values():
        if b"BT" not in data:
            continue
        cmap: dict[int, str] = {}
        for op in ops.finditer(data):
            if op.group(1):
                cmap = fonts.get(op.group(1), {})
                continue
            if op.group(2) is not None:
                raw = _pdf_literal(op.group(2))
            elif op.group(3) is not None:
                raw = bytes.fromhex(op.group(3).decode())
            else:
                raw = b"".join(
                    map(_pdf_literal, re.findall(rb"\(((?:\\.|[^\\)])*)\)", op.group(4)))
                )
            chars += [
                cmap.get(int.from_bytes(raw[i : i + 2], "big"), "")
                for i in range(0, len(raw) - 1, 2)
            ]
    return "".join(chars)


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", list(export.PRESETS))
def test_png_has_the_preset_size_at_twice_the_scale(preset: str) -> None:
    png = export.export_chart(bar_spec(), provenance(), "png", preset)
    p = export.PRESETS[preset]
    assert png_size(png) == (p.width * 2, p.height * 2)


def test_presets_are_slides_and_a4() -> None:
    sizes = {
        code: (p.width / p.height, p.pdf_width, p.pdf_height) for code, p in export.PRESETS.items()
    }
    assert sizes["slide_16x9"][0] == pytest.approx(16 / 9)
    assert sizes["slide_4x3"][0] == pytest.approx(4 / 3)
    assert sizes["a4_portrait"][1:] == pytest.approx((595.28, 841.89), abs=0.01)  # 210×297 mm


def test_svg_is_valid_and_carries_title_unit_sources_dates_and_link() -> None:
    svg = export.export_chart(bar_spec(), provenance(), "svg").decode("utf-8")
    root = ElementTree.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("1280", "720")
    text = "".join(svg_texts(svg))
    for part in (
        "粤港澳大湾区的数据跨境试点",
        "单位：个",
        SOURCE,
        "所引来源最新发布于 2026年1月5日",
        "导出于 2026年2月1日",
        LINK,
    ):
        assert part in text, part
    assert "来源：" + SOURCE in text
    assert root.find(f"{SVG_NS}title").text == "粤港澳大湾区的数据跨境试点"
    assert root.find(f".//{SVG_NS}svg[@id='gba-chart']") is not None  # the chart, as vectors
    assert "城市" in text  # the chart's own axis title survives inside


def test_qr_code_encodes_the_link() -> None:
    svg = export.chart_svg(bar_spec(), provenance())
    group = ElementTree.fromstring(svg).find(f".//{SVG_NS}g[@id='gba-qr']")
    assert group is not None
    path = group.find(f"{SVG_NS}path").get("d")
    dark = set()
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        dark |= {(int(x) + k, int(y)) for k in range(int(run))}
    matrix = export.qr_matrix(LINK)
    expected = {(c, r) for r, row in enumerate(matrix) for c, on in enumerate(row) if on}
    assert dark == expected
    assert len(matrix) >= 21  # a real QR symbol (version 1 is 21 × 21)


def test_no_qr_code_for_a_relative_link_but_the_link_is_printed() -> None:
    svg = export.chart_svg(bar_spec(), provenance(link="?lang=zh-Hans&top=10"))
    assert "gba-qr" not in svg
    assert "本视图链接：?lang=zh-Hans&top=10" in "".join(svg_texts(svg))


@pytest.mark.parametrize("preset", ["slide_16x9", "a4_portrait"])
def test_pdf_is_valid_on_its_paper_with_the_text_inside(preset: str) -> None:
    pdf = export.export_chart(bar_spec(), provenance(), "pdf", preset)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    p = export.PRESETS[preset]
    assert (float(box.group(1)), float(box.group(2))) == pytest.approx(
        (p.pdf_width, p.pdf_height), abs=0.01
    )
    text = squash(pdf_text(pdf))
    for part in ("粤港澳大湾区的数据跨境试点", SOURCE, "所引来源最新发布于2026年1月5日", LINK):
        assert squash(part) in text, part


@pytest.mark.parametrize("lang", LANGS)
def test_provenance_is_in_the_readers_language(lang: str) -> None:
    prov = provenance(lang=lang, title="GBA", unit="")
    text = "".join(svg_texts(export.chart_svg(bar_spec(lang), prov)))
    assert t("export.as_of", lang, date=format_date("2026-01-05", lang)) in text
    assert t("export.exported", lang, date=format_date("2026-02-01", lang)) in text
    assert {
        "zh-Hans": "所引来源最新发布于",
        "zh-Hant": "所引來源最新發佈於",
        "en": "Latest source published",
    }[lang] in text


def test_title_falls_back_to_the_charts_own_title_once() -> None:
    svg = export.chart_svg(bar_spec(), provenance(title=""))
    assert ElementTree.fromstring(svg).find(f"{SVG_NS}title").text == "各城市试点数"
    assert svg_texts(svg).count("各城市试点数") == 1  # moved out of the chart, not repeated


def test_title_falls_back_to_the_summary_without_a_chart_title() -> None:
    svg = export.chart_svg(bar_spec(title=None), provenance(title=""))
    assert "深圳参与的试点最多。" in svg_texts(svg)


def test_a_sources_label_already_in_the_caption_is_not_repeated() -> None:
    svg = export.chart_svg(bar_spec(), provenance(sources=("来源：WIPO",)))
    text = "".join(svg_texts(svg))
    assert "来源：WIPO" in text
    assert "来源：来源" not in text


def test_compound_and_container_width_specs_render_at_the_preset_size() -> None:
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    base = alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(width="container")
    spec = finish(alt.vconcat(base, base.mark_point()), "en").to_dict()
    png = export.chart_png(spec, provenance(lang="en", title="Two views"), "slide_4x3")
    assert png_size(png) == (1920, 1440)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export.export_chart(bar_spec(), provenance(), "gif")


def test_file_names_are_plain_ascii() -> None:
    assert export.file_name("cluster-ranking", "png", "slide_16x9") == (
        "gba-dash-cluster-ranking-slide-16x9.png"
    )
    assert export.file_name("../x y/", "csv") == "gba-dash-x-y.csv"


# --- Chinese glyphs -------------------------------------------------------------------------


def test_chinese_resolves_to_a_cjk_font() -> None:
    faces = export.resolved_fonts("粤港澳大湾区")
    assert any(CJK_FACE.search(face) for face in faces), faces


def test_chinese_glyphs_are_drawn_not_tofu() -> None:
    # Tofu boxes look the same for every character: two titles of six different characters
    # give identical images when the glyphs are missing.
    spec = bar_spec()
    one = export.chart_png(spec, provenance(title="粤港澳大湾区"))
    two = export.chart_png(spec, provenance(title="数据截至日期"))
    assert one != two


FRESH_MACHINE = """
import os, sys, vl_convert as vlc
def png(text):
    spec = {"data": {"values": [{}]}, "width": 320, "height": 60,
            "mark": {"type": "text", "fontSize": 40, "font": "Noto Sans CJK SC, sans-serif"},
            "encoding": {"text": {"value": text}}}
    return vlc.vegalite_to_png(spec)
before = png("粤港澳大湾区") == png("数据截至日期")
from gba_dash import export
export.ensure_cjk_font()
after = png("粤港澳大湾区") == png("数据截至日期")
print("tofu" if before else "glyphs", "tofu" if after else "glyphs")
"""


def test_glyphs_render_when_the_system_font_config_hides_the_cjk_font(tmp_path: Path) -> None:
    """A fresh machine: vl-convert's own font discovery finds no CJK font; export's does."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        textwrap.dedent("""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig><dir>/nonexistent-font-dir</dir></fontconfig>
        """),
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    done = subprocess.run(
        [sys.executable, "-c", FRESH_MACHINE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    before, after = done.stdout.split()
    if before != "tofu":
        pytest.skip("this platform's font discovery ignores FONTCONFIG_FILE")
    assert after == "glyphs", "export.ensure_cjk_font() did not make Chinese render"


def test_a_missing_cjk_font_raises_naming_the_package(tmp_path: Path) -> None:
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    assert export.find_cjk_font([tmp_path]) is None
    with pytest.raises(export.CJKFontMissing) as info:
        export.ensure_cjk_font([tmp_path])
    message = str(info.value)
    assert "sudo apt-get install fonts-noto-cjk" in message
    assert export.FONT_DIR_ENV in message


def test_font_search_prefers_sans_and_honours_the_env_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "NotoSerifCJK-Regular.ttc").write_bytes(b"")
    (tmp_path / "sub" / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    assert export.find_cjk_font([tmp_path]).name == "NotoSansCJK-Regular.ttc"
    monkeypatch.setenv(export.FONT_DIR_ENV, str(tmp_path))
    assert export.font_search_dirs()[0] == tmp_path


# --- text helpers ---------------------------------------------------------------------------


def test_wrap_breaks_cjk_and_long_links_and_keeps_punctuation_on_its_line() -> None:
    lines = export.wrap("来源：一二三四五六七八九十；甲乙丙丁", 10, 100)
    assert lines == ["来源：一二三四五六七", "八九十；甲乙丙丁"]
    url = "https://example.org/a/very/long/path?lang=en&x=1"
    parts = export.wrap(url, 10, 100)
    assert len(parts) > 1
    assert "".join(parts) == url
    assert all(export.text_width(p, 10) <= 100 for p in parts)
    short = export.wrap("one two three four five six seven eight nine ten", 10, 100, 2)
    assert len(short) == 2
    assert short[-1].endswith("…")


def test_source_lines_are_plain_text() -> None:
    caption = "**来源：** [WIPO](https://www.wipo.int)\n\n已收录 40 个\\*名次"
    assert export.source_lines(caption) == (
        "来源： WIPO (https://www.wipo.int)",
        "已收录 40 个*名次",
    )
    assert export.source_lines(["a", "a", "b"]) == ("a", "b")
    assert export.source_lines(None) == ()


# --- CSV and zip ----------------------------------------------------------------------------


def shown_table(lang: str = "zh-Hans") -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.rank", lang): [1, 2, 98],
            t("field.value", lang): ["=1+1", "+86 755", "约7.7万家"],
            t("field.source", lang): ["@WIPO", "-", "世界知识产权组织"],
            t("field.year", lang): [2025, 2025, 2025],
        }
    )


def test_csv_round_trips_with_bom_and_inert_formulas() -> None:
    table = shown_table()
    data = export.csv_bytes(table, "zh-Hans", "names")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    value, source = t("field.value", "zh-Hans"), t("field.source", "zh-Hans")
    assert back[value].tolist() == ["'=1+1", "'+86 755", "约7.7万家"]  # inert, not a formula
    assert back[source].tolist() == ["'@WIPO", "'-", "世界知识产权组织"]
    untouched = [c for c in table.columns if c not in (value, source)]
    pd.testing.assert_frame_equal(back[untouched], table[untouched], check_dtype=False)


def test_csv_with_a_code_row_round_trips() -> None:
    table = shown_table("zh-Hant")
    data = export.csv_bytes(table, "zh-Hant", "codes")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", header=[0, 1], keep_default_na=False)
    assert list(back.columns.get_level_values(0)) == list(table.columns)
    assert list(back.columns.get_level_values(1)) == ["rank", "value", "source", "year"]
    back.columns = back.columns.get_level_values(0)
    assert back[t("field.value", "zh-Hant")][0] == "'=1+1"
    pd.testing.assert_series_equal(
        back[t("field.rank", "zh-Hant")], table[t("field.rank", "zh-Hant")], check_dtype=False
    )
    with pytest.raises(ValueError, match="header"):
        export.csv_bytes(table, "zh-Hant", "both")


@pytest.mark.parametrize("lang", LANGS)
def test_column_codes_are_the_same_in_every_language(lang: str) -> None:
    headers = [
        t("field.rank", lang),
        t("export.as_of", lang, date="2026"),
        "geo_id",
        "自定义列",
        t("field.rank", lang),
    ]
    assert export.column_codes(headers, lang) == ["rank", "as_of", "geo_id", "col_4", "rank_2"]
    assert export.column_codes(["自定义列"], lang, {"自定义列": "custom"}) == ["custom"]


def test_zip_holds_data_readme_with_sources_and_the_query_url() -> None:
    table, spec = shown_table(), bar_spec()
    prov = provenance()
    archive = zipfile.ZipFile(io.BytesIO(export.data_zip(table, prov, spec=spec)))
    assert sorted(archive.namelist()) == ["README.md", "data.csv", "data.vl.json"]
    readme = archive.read("README.md").decode("utf-8")
    for part in (prov.title, SOURCE, LINK, "2026年1月5日", "| 排名 | `rank` |", "data.csv"):
        assert part in readme, part
    assert archive.read("data.csv") == export.csv_bytes(table, "zh-Hans", "codes")
    assert '"mark"' in archive.read("data.vl.json").decode("utf-8")
    no_chart = zipfile.ZipFile(io.BytesIO(export.data_zip(table, prov)))
    assert "data.vl.json" not in no_chart.namelist()


def test_an_export_keeps_the_charts_subtitle_under_its_own_title() -> None:
    # The page sets the title in the export; "Ranks 17, 18, 20 not held" must not go with it.
    spec = {
        "title": {"text": "Cluster ranking 2025", "subtitle": "Ranks 17, 18, 20 not held"},
        "mark": "point",
    }
    fitted = export.fit_spec(spec, 800, 400, drop_title=True)
    assert fitted["title"]["text"] == "Ranks 17, 18, 20 not held"
    assert "Cluster ranking" not in str(fitted)
    assert "title" not in export.fit_spec(
        {"title": "Plain", "mark": "point"}, 8, 4, drop_title=True
    )


def test_exports_name_the_data_release_they_show() -> None:
    release = "2026-12-03-e382c8"
    prov = provenance(release=release)
    assert f"数据版本 {release}" in "".join(svg_texts(export.chart_svg(bar_spec(), prov)))
    assert "数据版本" not in "".join(svg_texts(export.chart_svg(bar_spec(), provenance())))
    readme = zipfile.ZipFile(io.BytesIO(export.data_zip(shown_table(), prov))).read("README.md")
    assert f"## 数据版本\n\n{release}\n" in readme.decode("utf-8")
    assert export.file_name("cluster-ranking", "csv", release=release) == (
        f"gba-dash-cluster-ranking_{release}.csv"
    )
    assert export.file_name("x", "png", "slide_16x9", "../../a b") == "gba-dash-x-slide-16x9_ab.png"


# --- hostile text: an export never takes the process down --------------------------------------

#: Every C0 and C1 control, DEL, bidi overrides and isolates, noncharacters, lone surrogates, an
#: RTL mark, a zero-width joiner and an emoji with a modifier.
WORST = (
    "".join(chr(c) for c in range(0x20))
    + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0))
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f\u200d"
    + "\ufdd0\ufffe\uffff\U0001fffe\U0010ffff\ud800\udfff"
    + "👩🏽‍🔬"
)


def _poisoned_spec(name: str) -> dict:
    spec = bar_spec(title=name)
    spec["datasets"] = {
        k: [{**row, "city": name if i == 0 else WORST} for i, row in enumerate(rows)]
        for k, rows in spec["datasets"].items()
    }
    spec["encoding"]["x"]["title"] = WORST
    return spec


@pytest.mark.slow
def test_an_export_of_the_worst_text_never_aborts_the_process() -> None:
    """vl-convert aborts the whole process (SIGABRT, exit 134) on one \\x0b: every format is made
    in a child process, which must exit cleanly with a file of each kind."""
    script = textwrap.dedent(
        """
        import sys
        from tests.unit.test_export import WORST, _poisoned_spec, provenance
        from gba_dash import export
        name = "深圳" + WORST + "Shenzhen" * 1250  # 10,000+ characters
        spec = _poisoned_spec(name)
        prov = provenance(
            title=name, unit=WORST, sources=(WORST, name), summary=WORST, release=WORST,
            link="https://gba.example.org/?q=" + WORST + "a" * 2400,
        )
        for fmt in ("svg", "png", "pdf"):
            data = export.export_chart(spec, prov, fmt)
            assert len(data) > 1000, fmt
            print(fmt, "ok", flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.split() == ["svg", "ok", "png", "ok", "pdf", "ok"]


def test_a_link_too_long_for_a_qr_code_exports_without_it_and_says_so() -> None:
    long_link = LINK + "&x=" + "a" * 2400
    assert export.qr_matrix(long_link) is None
    svg = export.chart_svg(bar_spec(), provenance(link=long_link))
    root = ElementTree.fromstring(svg)
    assert root.find(f".//{SVG_NS}g[@id='gba-qr']") is None
    footer = " ".join(el.text or "" for el in root.iter(f"{SVG_NS}text"))
    assert t("export.no_qr", "zh-Hans") in footer
    for fmt in ("png", "pdf"):
        assert export.export_chart(bar_spec(), provenance(link=long_link), fmt)


@pytest.mark.parametrize("lang", LANGS)
def test_the_svg_of_hostile_text_is_well_formed_xml(lang: str) -> None:
    svg = export.chart_svg(
        _poisoned_spec("A" + WORST), provenance(lang=lang, title=WORST + "x", sources=(WORST,))
    )
    ElementTree.fromstring(svg)  # raises on any character XML cannot hold
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or ord(ch) < 0x09 for ch in svg)
