"""gba-dash entry point: the shell around every page, then the page. `streamlit run app.py`."""

import streamlit as st

from gba_dash.ui import shell

with shell.run_slot() as admitted:
    if admitted:
        run = shell.setup()
        page = st.navigation(
            shell.pages(run), position="hidden" if run.present or run.only else "sidebar"
        )
        shell.sidebar(run)
        shell.run_page(run, page)
        shell.finish(run)
    else:
        shell.busy()
