"""gba-dash entry point: the shared frame, then the selected page. Run: `streamlit run app.py`."""

import streamlit as st

from gba_dash.ui import frame as gba_frame

with gba_frame.run_slot() as admitted:
    if admitted:
        frame = gba_frame.setup()
        page = st.navigation(
            gba_frame.pages(frame), position="hidden" if frame.present else "sidebar"
        )
        gba_frame.sidebar(frame)
        gba_frame.run_page(frame, page)
        gba_frame.finish(frame)
    else:
        gba_frame.busy()
