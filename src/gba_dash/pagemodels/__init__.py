"""Page models: what each page shows, as plain values, for one filter state and language.

A model module declares its page's filters (`filters`), reads what it needs through the query
function it is handed (`load`), and returns each block (title, chart request, table, text
alternative, source line) as a mapping of plain values. It imports no Streamlit:
`ui.data.block` runs it once per filter state and language for every reader and turns its
`ChartRequest`s (charts/request.py) into served specs; the unit tests run it on a database of
their own.
"""
