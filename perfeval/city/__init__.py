"""The city: every unit of one year side by side — rows, shares and rankings (rows.py), their charts and
the rollup table (charts.py, table.py). May import: model, findings, report, charts, store, fmt, schema."""
