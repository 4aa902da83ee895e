"""Votes on how successful each measure was, and their aggregates."""
