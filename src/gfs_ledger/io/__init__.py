"""Readers and writers of tables: CSV here, spreadsheets and frames behind extras."""
