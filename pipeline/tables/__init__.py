"""Tables: extracted rows become one typed DataFrame per table (frames), kept on disk between
steps (store); seeds/corrections.yaml is applied to them (corrections)."""
