"""Reports on a project that build nothing: due reviews, content changes, acknowledgments."""
