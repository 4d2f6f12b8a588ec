"""Reading: the source manifest and files (sources), each source's passages with their exact
offsets (segment) and each passage's language (language)."""
