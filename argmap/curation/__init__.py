"""Curation: admins verify or dispute evidence and keep the source library, with a history of every change."""
