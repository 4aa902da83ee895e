"""People: the user model, signing up, signing in and out."""
