"""The only Streamlit-aware package: the shell around every page, URL state, the caches, and
the components that draw a page model's sections."""
