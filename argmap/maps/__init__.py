"""The argument graph: maps, nodes, edges and sources."""
