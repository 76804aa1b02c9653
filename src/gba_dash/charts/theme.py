"""Colours, fonts and locale shared by every chart."""

from __future__ import annotations

from typing import Any, TypeVar

import altair as alt

from gba_dash.i18n import vega_locale

#: The one highlight colour for the GBA (also `primaryColor` in .streamlit/config.toml).
GBA_COLOUR = "#E4572E"
#: Everything that is not the GBA: a neutral that reads on light and dark backgrounds.
OTHER_COLOUR = "#8A8F98"
#: A second neutral for comparison series (e.g. China beside Guangdong).
COMPARE_COLOUR = "#4C78A8"

#: Fixed per status across every chart of the pilots page.
STATUS_COLOURS = {
    "announced": "#A0A4AB",
    "piloting": "#F2A541",
    "operational": "#3A86FF",
    "scaling": "#2A9D8F",
}

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


_Channel = TypeVar("_Channel", bound=alt.SchemaBase)


def typed(channel: type[_Channel], encoding: Any) -> _Channel:
    """`encoding` (the dict `alt.value`, `alt.condition` or `alt.when` return) as `channel`.

    Given a plain dict, `encode()` looks its class up in the Vega-Lite schema (`from_dict`,
    which validates every candidate): half the time a layered chart took to build. The typed
    object gives the same spec without the look-up.
    """
    return channel(**encoding)


def finish(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Apply the locale (month names, decimal marks) and the shared font to a top-level chart.

    Single and layered charts fit the page's width but keep the height their builder chose
    (`fit-x`): Streamlit's default `fit` squeezes title, legend and axes into that height, and
    a ranking of 20 clusters then drops every other label. Compound charts (facets, concats)
    keep their natural size (`pad`): Streamlit would give them `fit`, which Vega cannot apply to
    them and says so in the browser's console on every draw.
    """
    # Set in place: the chart is the builder's own, just made. `.properties()` and `.configure()`
    # would copy it and rebuild every layer three more times (a third of a layered chart's build).
    stepped = isinstance(getattr(chart, "height", None), alt.Step)
    if isinstance(chart, alt.Chart | alt.LayerChart) and not stepped:
        chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    else:  # a height per category (`alt.Step`) cannot be fitted either
        chart.autosize = alt.AutoSizeParams(type="pad", contains="padding")
    chart.config = alt.Config(
        locale=vega_locale(lang), font=FONT, view=alt.ViewConfig(strokeWidth=0)
    )
    return chart
