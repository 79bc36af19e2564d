"""The store, the only code that writes: versions and originals (core.py), the schema on SQLite and
PostgreSQL (db.py), grants and the trail (grants.py, access.py, records.py, trail.py). May import: schema, fmt, exports,
sqlalchemy."""
