"""Moderation: flags, the teacher's queue, restructuring, map controls, and the audit log."""
