"""Follow-up tracker for the recommendations of official reports (建議事項列管)."""
