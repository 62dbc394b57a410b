"""The Streamlit app: the only package that imports streamlit (charts.py builds plain plotly figures)."""
