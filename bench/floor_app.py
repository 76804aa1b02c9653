"""The framework floor: a minimal Streamlit app drawing one Altair chart from a DataFrame.

It has the shape of the dashboard's first cluster chart (the top N of one edition as dots on a
rank axis, one row per cluster, 24 px per row, with a tooltip), two sidebar filters keyed like
the dashboard's (`edition`, `top`), and nothing else: no database, no i18n, no caching. What it
costs per run is what any Streamlit app with such a chart costs; the benchmarks report the
dashboard as a ratio of it. Run: `streamlit run bench/floor_app.py`.
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

EDITIONS = list(range(2017, 2026))
N_CLUSTERS = 100

rng = np.random.default_rng(9)
frame = pd.DataFrame(
    {
        "edition": np.repeat(EDITIONS, N_CLUSTERS),
        "rank": np.tile(np.arange(1, N_CLUSTERS + 1), len(EDITIONS)),
        "label": [f"Cluster {i:03d}" for i in rng.permutation(N_CLUSTERS * len(EDITIONS))],
        "economy": rng.choice(["CN", "US", "JP", "KR", "DE", "GB"], N_CLUSTERS * len(EDITIONS)),
        "pct_filings": rng.random(N_CLUSTERS * len(EDITIONS)).round(4),
    }
)

st.title("Floor")
with st.sidebar:
    edition = st.selectbox("Edition", EDITIONS[::-1], key="edition")
    top = st.slider("Top", 5, 100, 20, step=1, key="top")

data = frame[(frame["edition"] == edition) & (frame["rank"] <= top)]
chart = (
    alt.Chart(data)
    .mark_circle(size=140)
    .encode(
        x=alt.X("rank:Q", title="Rank", scale=alt.Scale(domain=[1, top])),
        y=alt.Y("label:N", sort=data["label"].tolist(), title="Cluster"),
        color=alt.Color("economy:N", title="Economy"),
        tooltip=[
            alt.Tooltip("label:N", title="Cluster"),
            alt.Tooltip("rank:Q", title="Rank"),
            alt.Tooltip("economy:N", title="Economy"),
            alt.Tooltip("pct_filings:Q", title="Share of filings"),
        ],
    )
    .properties(title=f"Top {top}, {edition}", height=max(140, 24 * len(data)))
)
st.altair_chart(chart, width="stretch")
