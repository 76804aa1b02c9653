"""Exports that carry their provenance: chart images (PNG/SVG/PDF) and data (Excel, CSV, zip).

A chart is rendered by vl-convert from the same Vega-Lite spec the page shows, then placed on a
page of a fixed size (16:9 slide, 4:3 slide, A4 portrait) with, in the reader's language, its
title, unit, sources, the export date, the latest publication date of its sources, and the deep link
of the view as text and as a QR code. The page is one SVG; vl-convert turns it into PNG (2× scale)
and PDF, so all three formats show the same thing. No streamlit here.

Chinese glyphs need a CJK font that vl-convert can find. `ensure_cjk_font` looks for one (the
folders in ``GBA_DASH_FONT_DIR``, then the usual system folders, e.g. Debian's fonts-noto-cjk in
/usr/share/fonts/opentype/noto) and registers its folder with vl-convert; without one it raises
`CJKFontMissing`, whose message names the package to install.
"""

from gba_dash.export.fonts import (  # noqa: F401
    DEFAULT_PRESET,
    FONT_DIR_ENV,
    FONT_FAMILY,
    FONT_PACKAGE,
    FORMATS,
    MIME,
    PNG_SCALE,
    PRESETS,
    SYSTEM_FONT_DIRS,
    CJKFontMissing,
    Preset,
    cjk_font_available,
    ensure_cjk_font,
    find_cjk_font,
    font_search_dirs,
    has_cjk,
    resolved_fonts,
)
from gba_dash.export.images import (  # noqa: F401
    chart_pdf,
    chart_png,
    chart_svg,
    export_chart,
    file_name,
    fit_spec,
    qr_matrix,
    resolve_title,
    spec_title,
)
from gba_dash.export.tables import (  # noqa: F401
    CSV_HEADERS,
    column_codes,
    csv_bytes,
    data_zip,
    readme_text,
)
from gba_dash.export.text import (  # noqa: F401
    Provenance,
    plain_text,
    source_lines,
    text_width,
    wrap,
)
from gba_dash.export.workbook import (  # noqa: F401
    TABLE_MAX_ROWS,
    WorkbookParts,
    cited_sources,
    table_workbook,
    view_workbook,
)
