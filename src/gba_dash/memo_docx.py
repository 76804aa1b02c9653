"""A memo as a Word document (python-docx), in its reader's language, on A4.

For each item: its title, the chart as an image at the text's width (~300 dpi) with its alt
text (or the headline figure), the key point with a numbered citation mark, a one-line source.
Then the references: the views as cited (GB/T 7714-2015 in Chinese, APA in English), with
their permalinks pinned to the data release (each view lists its sources).

Every style names its Latin and East Asian faces and marks its language, and the font table
names each face's alternative and character set (`export.fonts.OFFICE_FALLBACK`), so Word, WPS
and LibreOffice set Chinese in a CJK face. The file's bytes depend on its content and day only
(`export.office.reproducible`).
"""

from __future__ import annotations

import io

from gba_dash.export.fonts import EAST_ASIAN_FONT, LATIN_FONT, OFFICE_FALLBACK, TEXT_LANG
from gba_dash.export.office import reproducible, stamped_day
from gba_dash.i18n import t
from gba_dash.i18n.dates import format_date
from gba_dash.memo import Entry, Memo
from gba_dash.safe_text import xml_clean

#: A4 and its margins (cm); an image is never wider than the text nor taller than `IMAGE_MAX_CM`.
PAGE_CM, MARGIN_CM, IMAGE_MAX_CM = (21.0, 29.7), 2.2, 20.0
#: The styles a memo uses (each gets the reader's faces and language).
_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption")
_CSS_PX_PER_CM = 96 / 2.54


def file_name(lang: str, day: str) -> str:
    return f"gba-dash-memo-{lang}-{day[:10]}.docx"


def memo_docx(found: Memo) -> bytes:
    """The memo as .docx bytes."""
    from docx import Document
    from docx.shared import Cm

    lang = found.lang
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    _fonts(doc, lang)
    title = t("memo.file.title", lang)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = t("app.title", lang)
    props.language = TEXT_LANG[lang]
    props.created = props.modified = stamped_day(found.made)
    props.revision = 1
    props.comments = ""
    doc.add_heading(title, level=0)
    doc.add_paragraph(
        t(
            "memo.file.made",
            lang,
            app=t("app.title", lang),
            date=format_date(found.made, lang),
            n=len(found.entries),
        ),
        style="Subtitle",
    )
    text_cm = PAGE_CM[0] - 2 * MARGIN_CM
    for n, entry in enumerate(found.entries, start=1):
        _item(doc, n, entry, lang, text_cm)
    doc.add_heading(t(f"memo.file.references.{found.style}", lang), level=1)
    for n, entry in enumerate(found.entries, start=1):
        if entry.citation:
            _reference(doc, n, entry.citation, entry.link)
    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue(), found.made)


def _item(doc, n: int, entry: Entry, lang: str, text_cm: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc.add_heading(xml_clean(f"{n}. {entry.title}"), level=2)
    if entry.image is not None:
        width_px, height_px = entry.image_px
        width_cm = min(text_cm, width_px / _CSS_PX_PER_CM)
        if height_px and width_px and width_cm * height_px / width_px > IMAGE_MAX_CM:
            width_cm = IMAGE_MAX_CM * width_px / height_px
        picture = doc.add_picture(io.BytesIO(entry.image), width=Cm(width_cm))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        properties = picture._inline.docPr  # python-docx has no API for a picture's alt text
        properties.set("title", xml_clean(entry.title))
        properties.set("descr", xml_clean(entry.key_point or entry.title))
    if entry.value:
        figure = doc.add_paragraph().add_run(xml_clean(entry.value))
        figure.bold, figure.font.size = True, Pt(20)
        for line in entry.lines:
            doc.add_paragraph(xml_clean(line))
    point = doc.add_paragraph(xml_clean(entry.key_point))
    if entry.citation:
        mark = point.add_run(f"[{n}]")
        mark.font.superscript = True
    if entry.source:
        source = doc.add_paragraph(xml_clean(entry.source), style="Caption")
        source.paragraph_format.space_after = Cm(0.4)


def _reference(doc, n: int, cited: str, link: str) -> None:
    """One numbered reference; its permalink, when it ends the text, is a live hyperlink."""
    from docx.shared import Cm

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.9)
    paragraph.paragraph_format.first_line_indent = Cm(-0.9)
    text = xml_clean(f"[{n}] {cited}")
    at = text.rfind(link) if link else -1
    if at < 0:
        paragraph.add_run(text)
        return
    paragraph.add_run(text[:at])
    _hyperlink(paragraph, link, link)
    if text[at + len(link) :]:
        paragraph.add_run(text[at + len(link) :])


def _hyperlink(paragraph, text: str, url: str) -> None:
    """A hyperlink run (python-docx has no API for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    for tag, value in (("w:color", "0563C1"), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        props.append(element)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _fonts(doc, lang: str) -> None:
    """The reader's faces and language on every style a memo uses, and the East Asian face's
    fallback in the font table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    east_asian = EAST_ASIAN_FONT[lang]
    for name in _STYLES:
        props = doc.styles[name].element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:lang"):
            for old in props.findall(qn(tag)):
                props.remove(old)
        faces = OxmlElement("w:rFonts")
        for attr, face in (
            ("w:ascii", LATIN_FONT),
            ("w:hAnsi", LATIN_FONT),
            ("w:cs", LATIN_FONT),
            ("w:eastAsia", east_asian),
        ):
            faces.set(qn(attr), face)
        faces.set(qn("w:hint"), "eastAsia" if lang != "en" else "default")
        props.insert(0, faces)
        marked = OxmlElement("w:lang")
        marked.set(qn("w:val"), "en-US" if lang == "en" else TEXT_LANG[lang])
        marked.set(qn("w:eastAsia"), TEXT_LANG["zh-Hans" if lang == "en" else lang])
        props.append(marked)
    _font_table(doc, east_asian)


def _font_table(doc, face: str) -> None:
    """The font table names `face` with its alternative name and character set: what Word and
    WPS substitute by when the face is not installed."""
    from lxml import etree

    alt_name, charset = OFFICE_FALLBACK[face]
    part = next(
        (p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"),
        None,
    )
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    for old in root.findall(f"{{{ns}}}font[@{{{ns}}}name='{face}']"):
        root.remove(old)
    font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": face})
    for tag, value in (
        ("altName", alt_name),
        ("charset", charset),
        ("family", "swiss"),
        ("pitch", "variable"),
    ):
        etree.SubElement(font, f"{{{ns}}}{tag}", {f"{{{ns}}}val": value})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
