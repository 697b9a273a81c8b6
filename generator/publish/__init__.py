"""Publish built sites: incremental rebuilds, sitemaps, language indexes, PDFs, the atomic swap."""
