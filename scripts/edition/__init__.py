"""edition: turns raw historical sources into a scholarly digital edition."""
