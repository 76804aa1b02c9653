"""Chart templates: Altair builders for every chart, in the reader's language.

A page model asks for a chart as a `request.ChartRequest` (a builder and its arguments); the
builders (`clusters/`, `hightech/`, `pilots.py`) take frames made by `gba_dash.shaping` and a
language and return Altair charts, and `template.templated` builds each chart's structure once per
layout and key and puts each state's rows into it. `theme` holds the colours, fonts and locale,
`titles` the titles that wrap on a phone, `copies` the attribute copies that replace Altair's deep
copies. Builders never query or read files; tests assert on `chart.to_dict()` and against plain
Altair.
"""
