"""The review site: every record of a release shown over its evidence, with pictures.

`write_site(package_dir, out_dir, seeds_dir=None)` writes a static site (HTML, CSS, a little
JavaScript, SVG; nothing fetched from the network) that works from file:// and any static host.
It reads only the package folder's datapackage.json and data/*.csv, and, for a maintainers'
review copy, the seeds folder's texts.
"""

from .build import SiteResult, write_site

__all__ = ["SiteResult", "write_site"]
