"""Tables: extracted rows become one typed DataFrame per table (frames), kept on disk between
steps (store), as the CSV text a release holds (csv_text); seeds/corrections.yaml is applied
to them (corrections)."""
