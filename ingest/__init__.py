"""Quire: OCR and scan ingestion for books, with layout cleanup, review and versioned exports."""

__version__ = "0.1.0"
