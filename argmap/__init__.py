"""argmap: a classroom argument-mapping web application."""
