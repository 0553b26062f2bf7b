"""The command line, a thin layer over the Python API: ``main`` builds the parser; each
other module adds one group of commands."""
