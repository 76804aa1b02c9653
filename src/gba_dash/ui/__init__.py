"""The only Streamlit-aware package: frame, URL state, cached data access, page components."""
