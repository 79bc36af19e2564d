"""The model: every figure of one unit-year and its history (figures.py), the scoring rules (scoring.py),
project evaluations, the model's own rules (rules.py). May import: schema, fmt, unitinfo, pandas."""
