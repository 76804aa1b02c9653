"""Pure Altair chart builders: every title, axis, legend and tooltip in the reader's language.

Builders take prepared DataFrames (from `views`) and a language, and return Altair charts; they
never query or read files. Tests assert on `chart.to_dict()`.
"""
