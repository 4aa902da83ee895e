"""Import and export of argument maps: pure converters per format, and the services that use them."""
