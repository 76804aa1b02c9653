"""Charts of the pilots page: milestone timeline, targets and progress, map of the GBA cities.

Every status has one colour on every chart (`theme.STATUS_COLOURS`, scale order announced →
piloting → operational → scaling); the colour scale's domain is the status names in the reader's
language, in that order, so the legends read in the reader's language. Inputs are the frames of
`views.pilots`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from gba_dash import geometry
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import GBA_COLOUR, STATUS_COLOURS, finish, typed
from gba_dash.i18n import t, vega_number_label_expr
from gba_dash.schema import STATUSES

#: st.badge colours nearest to STATUS_COLOURS, for the status chips of the board.
STATUS_BADGE_COLOURS = {
    "announced": "gray",
    "piloting": "orange",
    "operational": "blue",
    "scaling": "green",
}
#: The map's point selection (Streamlit returns it under this name).
CITY_SELECTION = "city"
#: The name of the map's GeoJSON dataset in the spec.
CITY_DATASET = "gba_cities"
#: Label nudges (degrees of longitude, latitude) where two city centres sit too close to read.
LABEL_SHIFT = {"zhuhai": (-0.16, -0.03), "macao": (0.1, -0.08)}
LANE_HEIGHT = 26
#: Lane labels are cut in the middle to this many characters (CJK glyphs are twice as wide).
LANE_CHARS_EN, LANE_CHARS_ZH = 56, 30
BAR_SIZE = 14
LABEL_LIMIT = 380


def _js(value: str) -> str:
    """A string as a JavaScript/Vega expression literal (JSON escaping)."""
    return json.dumps(value, ensure_ascii=False)


def shorten(text: str, limit: int) -> str:
    """`text` cut in the middle to `limit` characters ("Standard Contract … (Mainland, Macao)").

    The end of a long pilot name is often what tells two apart, so both ends are kept.
    """
    if len(text) <= limit:
        return text
    head = (limit - 1) * 3 // 5
    tail = limit - 1 - head
    return text[:head].rstrip() + "…" + text[len(text) - tail :].lstrip()


def lane_labels(names: Sequence[str], lang: str) -> dict[str, str]:
    """Full name → lane label short enough for the axis, still unique (else the full names)."""

    limit = LANE_CHARS_EN if lang == "en" else LANE_CHARS_ZH
    labels = {name: shorten(name, limit) for name in names}
    if len(set(labels.values())) < len(labels):
        return {name: name for name in names}
    return labels


def lane_label_expr(short: Mapping[str, str]) -> str:
    """The axis's `labelExpr`: a lane (a pilot's full name, as the data holds it) drawn as its
    short label. The data keeps the full name, so a chart drawn for a room
    (`charts.projector`) can show it whole."""
    cut = {name: label for name, label in short.items() if label != name}
    return f"{_js(cut)}[datum.label] || datum.label" if cut else "datum.label"


@templated
def milestone_timeline(
    frame: pd.DataFrame,
    status_names: Mapping[str, str],
    lanes: Sequence[str],
    start: str,
    end: str,
    lang: str,
) -> ChartParts | None:
    """One lane per pilot, a point per milestone coloured by the status it left the pilot in.

    Filled points set a status; hollow ones are other milestones (the status they show is the one
    in force). `frame` is `views.pilots.timeline(...)`; `lanes` the pilot names top to bottom
    (labelled on the axis cut in the middle, in full in the tooltip); `start`/`end` ISO dates
    of the x domain. The focused pilot (frame.focus) keeps full opacity and a bold label; the
    other lanes fade.
    """
    if frame.empty:
        return None
    changed, other = t("pilots.kind.changed", lang), t("pilots.kind.other", lang)
    lanes = [lane for lane in lanes if lane in set(frame["pilot"])]
    short = lane_labels(lanes, lang)
    data = frame.assign(
        kind=frame["changed"].map({True: changed, False: other}),
        lane=frame["pilot"],
    )
    focused = sorted(set(data.loc[data["focus"], "lane"]))
    values = {
        **_status_values(status_names),
        "x_domain": [start, end],
        "lanes": lanes,
        "lane_expr": lane_label_expr(short),
        "height": max(LANE_HEIGHT * len(lanes), 80),
    }
    if focused:
        values["label_weight"] = f"datum.value === {_js(focused[0])} ? 'bold' : 'normal'"
    return ChartParts(_timeline_layout, (lang, bool(focused)), values, {"data": data})


def _status_values(status_names: Mapping[str, str]) -> dict:
    """The status colour scale's domain: status names (reader's language) in scale order."""
    return {"statuses": [status_names.get(s, s) for s in STATUSES]}


def _status_scale(v: Mapping) -> alt.Scale:
    return alt.Scale(domain=v["statuses"], range=[STATUS_COLOURS[s] for s in STATUSES])


def _timeline_layout(lang: str, focused: bool, v: Mapping, tables: Mapping) -> alt.LayerChart:
    label_weight = alt.ExprRef(v["label_weight"]) if focused else alt.Undefined
    encoding = {
        "x": alt.X(
            "date:T",
            title=t("pilots.axis.date", lang),
            scale=alt.Scale(domain=v["x_domain"]),
            axis=alt.Axis(format="%Y", tickCount="year", labelFlush=False),
        ),
        "y": alt.Y(
            "lane:N",
            title=None,
            sort=v["lanes"],
            axis=alt.Axis(
                labelExpr=v["lane_expr"],
                labelLimit=LABEL_LIMIT,
                grid=True,
                labelFontWeight=label_weight,
            ),
        ),
        "color": alt.Color(
            "status_name:N", scale=_status_scale(v), title=t("pilots.legend.status_after", lang)
        ),
        "opacity": (
            typed(alt.OpacityValue, alt.condition("datum.focus", alt.value(1.0), alt.value(0.25)))
            if focused
            else typed(alt.OpacityValue, alt.value(1.0))
        ),
        "tooltip": [
            alt.Tooltip("pilot:N", title=t("pilots.field.pilot", lang)),
            alt.Tooltip("date_text:N", title=t("pilots.field.date", lang)),
            alt.Tooltip("status_name:N", title=t("pilots.field.status_after", lang)),
            alt.Tooltip("kind:N", title=t("pilots.field.kind", lang)),
            alt.Tooltip("text:N", title=t("pilots.field.milestone", lang)),
            alt.Tooltip("note:N", title=t("pilots.field.note", lang)),
            alt.Tooltip("source:N", title=t("pilots.field.sources", lang)),
        ],
    }
    base = alt.Chart()
    # Two layers sharing one colour scale (one legend): filled points set a status, hollow
    # (stroke-only) points are the other milestones.
    status_changes = (
        base.transform_filter("datum.changed")
        .mark_point(size=110, filled=True, fillOpacity=1)
        .encode(**encoding)
    )
    others = (
        base.transform_filter("!datum.changed")
        .mark_point(size=110, filled=False, strokeWidth=2)
        .encode(**encoding)
    )
    chart = alt.layer(
        status_changes,
        others,
        data=tables["data"],
        height=v["height"],
        title=t("pilots.timeline_title", lang),
    )
    return finish(chart, lang)


@templated
def targets_chart(
    frame: pd.DataFrame, status_names: Mapping[str, str], lang: str
) -> ChartParts | None:
    """A bullet per pilot with a numeric target: progress as % of target against the 100% mark.

    Each pilot's figures are in its own unit, so the shared axis is the share of the target. A
    pilot whose progress is in another unit (or missing) shows the target only; the text above
    each bar says which. `frame` is `views.pilots.targets(...)`.
    """
    if frame.empty:
        return None
    top = max(100.0, float(frame["share"].max(skipna=True) or 0.0))
    short = lane_labels(list(dict.fromkeys(frame["pilot"])), lang)
    data = frame.assign(
        full=100.0,
        zero=0.0,
        status_name=frame["status"].map(lambda s: status_names.get(s, s)),
        lane=frame["pilot"],
    )
    values = {
        **_status_values(status_names),
        "x_domain": [0, top * 1.05],
        "lanes": list(short),
        "lane_expr": lane_label_expr(short),
        "height": max(56 * len(frame), 100),
    }
    return ChartParts(_targets_layout, (lang,), values, {"data": data})


def _targets_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    x_scale = alt.Scale(domain=v["x_domain"], nice=False)
    x_axis = alt.Axis(labelExpr=vega_number_label_expr(lang, "percent"), tickCount=5)
    x_title = t("pilots.axis.share", lang)
    y = alt.Y(
        "lane:N",
        title=None,
        sort=v["lanes"],
        axis=alt.Axis(labelExpr=v["lane_expr"], labelLimit=LABEL_LIMIT),
    )
    tooltip = [
        alt.Tooltip("pilot:N", title=t("pilots.field.pilot", lang)),
        alt.Tooltip("target_text:N", title=t("pilots.field.target", lang)),
        alt.Tooltip("progress_text:N", title=t("pilots.field.progress", lang)),
        alt.Tooltip("share:Q", title=t("pilots.field.share", lang), format=".1f"),
    ]
    base = alt.Chart()
    target_band = base.mark_bar(color="#E6E8EB", cornerRadius=2, size=BAR_SIZE).encode(
        x=alt.X("zero:Q", scale=x_scale, axis=x_axis, title=x_title),
        x2="full:Q",
        y=y,
        tooltip=tooltip,
    )
    progress = (
        base.transform_filter("datum.comparable")
        .mark_bar(cornerRadius=2, size=BAR_SIZE)
        .encode(
            x=alt.X("zero:Q", scale=x_scale, axis=x_axis, title=x_title),
            x2="share:Q",
            y=y,
            color=alt.Color(
                "status_name:N", scale=_status_scale(v), title=t("pilots.legend.status", lang)
            ),
            tooltip=tooltip,
        )
    )
    target_mark = base.mark_tick(color="#333333", thickness=3, size=22).encode(
        x=alt.X("full:Q", scale=x_scale, axis=x_axis, title=x_title), y=y, tooltip=tooltip
    )
    labels = base.mark_text(align="left", baseline="bottom", dx=1, dy=-12, fontSize=12).encode(
        x=alt.X("zero:Q", scale=x_scale, axis=x_axis, title=x_title),
        y=y,
        text="label:N",
        tooltip=tooltip,
    )
    chart = alt.layer(
        target_band,
        progress,
        target_mark,
        labels,
        data=tables["data"],
        height=v["height"],
        title=t("pilots.targets_title", lang),
    )
    return finish(chart, lang)


def _label_points(counts: pd.DataFrame, shown: set[str]) -> pd.DataFrame:
    """Where each city's name and count are written: its centre, nudged where names collide."""
    rows = counts[counts["geo_id"].isin(shown)].dropna(subset=["lat", "lon"])
    shift = rows["geo_id"].map(lambda g: LABEL_SHIFT.get(g, (0.0, 0.0)))
    return pd.DataFrame(
        {
            "geo_id": rows["geo_id"],
            "label": rows["name"] + "\n" + rows["n_pilots"].astype(int).astype(str),
            "lon": rows["lon"] + shift.map(lambda s: s[0]),
            "lat": rows["lat"] + shift.map(lambda s: s[1]),
        }
    )


@templated
def city_map(
    counts: pd.DataFrame,
    lang: str,
    features: Sequence[geometry.Feature] | None = None,
    height: int = 440,
) -> ChartParts | None:
    """The 11 GBA cities shaded by how many pilots involve each; click a city to select it.

    `counts` is `views.pilots.city_counts(...)`; `features` default to
    `geometry.load_city_shapes()`. Cities in the city filter get a thick outline; names (with the
    count) are written at each city's centre in the reader's script. The point selection
    `CITY_SELECTION` holds the clicked geo_id.
    """
    if counts.empty:
        return None
    features = features if features is not None else geometry.load_city_shapes()
    rows = counts.set_index("geo_id")
    values = []
    for feature in features:
        geo_id = feature["properties"]["geo_id"]
        if geo_id not in rows.index:
            continue
        row = rows.loc[geo_id]
        values.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {"geo_id": geo_id},
                "geo_id": geo_id,
                "name": str(row["name"]),
                "n_pilots": int(row["n_pilots"]),
                "pilots": str(row["pilots"]) or t("pilots.none", lang),
                "selected": bool(row["selected"]),
            }
        )
    if not values:
        return None
    parts = {
        "features": values,
        "top": max(1, max(v["n_pilots"] for v in values)),
        "fit": geometry.bounds_feature(features),
        "height": height,
    }
    labels = _label_points(counts, {v["geo_id"] for v in values})
    return ChartParts(_map_layout, (lang,), parts, {"labels": labels})


def _map_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    pick = alt.selection_point(name=CITY_SELECTION, fields=["geo_id"], on="click")
    shapes = (
        alt.Chart(alt.Data(name=CITY_DATASET), name="city_shapes")
        .mark_geoshape(strokeJoin="round")
        .encode(
            color=alt.Color(
                "n_pilots:Q",
                scale=alt.Scale(domain=[0, v["top"]], range=["#FFF3E0", GBA_COLOUR]),
                title=t("pilots.legend.n_pilots", lang),
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
            stroke=typed(
                alt.StrokeValue,
                alt.condition("datum.selected", alt.value("#222222"), alt.value("white")),
            ),
            strokeWidth=typed(
                alt.StrokeWidthValue, alt.condition("datum.selected", alt.value(3), alt.value(1))
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("pilots.field.city", lang)),
                alt.Tooltip("n_pilots:Q", title=t("pilots.field.n_pilots", lang)),
                alt.Tooltip("pilots:N", title=t("pilots.field.pilots", lang)),
            ],
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(tables["labels"])
        .mark_text(lineBreak="\n", fontSize=11, fontWeight="bold", color="#1F2328")
        .encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    )
    chart = finish(
        alt.layer(
            shapes,
            labels,
            projection=alt.Projection(type="mercator", fit=v["fit"]),
            height=v["height"],
            title=t("pilots.map_title", lang),
        ),
        lang,
    )
    # The polygons join last, as a named dataset: every Altair method call deep-copies the
    # chart, and copying (then validating) ~70 kB of coordinates at each step took seconds.
    # Streamlit keeps a GeoJSON dataset in the spec, where Vega-Lite reads it.
    chart.datasets = {CITY_DATASET: v["features"]}
    return chart
