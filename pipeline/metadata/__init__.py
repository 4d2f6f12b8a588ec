"""Every fact about the package's tables and columns, read from schemas/ and turned into each
form the stages need."""
