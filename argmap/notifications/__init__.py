"""Notifications for students: what happened to their points, derived from the audit log and visible replies."""
