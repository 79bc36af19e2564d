"""The written report: Markdown from jinja2 templates (unit_report, project_report), Word in 公文 layout
(word, word_style) and its chart pictures (pictures). May import: model, findings, charts, markdown, fmt, schema."""
