"""The README's picture of the review site: a source page with a record's card shown over its
highlight, taken by headless Chromium and reduced to 256 colours.

    .venv/bin/python scripts/screenshot-site.py [docs/site-source.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.site import write_site  # noqa: E402

SOURCE = "nato-rejects-russia-security-demands"
RECORD = "st_37ad03302b22"  # Grushko's direct quote, inside the demands of its paragraph
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "site-source.png"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        write_site(ROOT / "datapackage", Path(tmp) / "site")
        context = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path="/usr/bin/chromium", headless=True,
            args=ARGS, viewport={"width": 1200, "height": 720})
        page = context.new_page()
        page.goto((Path(tmp) / "site" / "sources" / f"{SOURCE}.html").as_uri())
        page.evaluate("document.getElementById('pa_3ed46ea7ffa9').scrollIntoView()")
        page.focus(f"#{RECORD}")
        page.screenshot(path=str(Path(tmp) / "shot.png"))
        context.close()
        image = Image.open(Path(tmp) / "shot.png").convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
