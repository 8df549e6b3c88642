"""The Textual terminal UI. It calls the service and the queries, never SQL."""
