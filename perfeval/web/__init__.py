"""The dashboard's glue: everything besides views/ and dashboard.py that imports streamlit (caches,
selection, gate, widgets, dialogs), and the pages' pure table builders. May import anything in perfeval."""
