"""The site engine: everything that knows MkDocs and Material lives here, and nowhere else."""
