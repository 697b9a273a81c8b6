"""The typed model of a handbook: values, blocks, pages, and what is computed from them alone."""
