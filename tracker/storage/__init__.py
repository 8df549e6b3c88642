"""The database: engine set-up, ORM models, schema state, and read queries."""
