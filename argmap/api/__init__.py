"""The REST API: DRF views that call the same services and selectors as the web pages."""
