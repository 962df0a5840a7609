"""HTML → PDF bytes with WeasyPrint, which lays out print CSS (A4 pages) without a browser.

Nothing is fetched from the network: the only addresses a document may load are the app's own
static files, read from disk (the PDF is made on a server that may be offline, and a document
must never make the server request an address that user text put in it)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, URLFetcher


class ForbiddenAddress(ValueError):
    """The document asked for something other than one of the app's static files."""


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, limited to files under one folder (WeasyPrint's documented way to
    restrict what a document loads: a subclass with its own ``fetch``)."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = folder.resolve()

    def fetch(self, url, headers=None):
        address = urlsplit(url)
        path = Path(unquote(address.path)).resolve() if address.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root):
            raise ForbiddenAddress(url)
        return super().fetch(path.as_uri(), headers)


def pdf_bytes(html: str, static_folder: Path) -> bytes:
    """The PDF of ``html``, whose relative addresses (``static/…``) resolve in ``static_folder``'s parent."""
    document = HTML(string=html, base_url=str(static_folder.parent.resolve()) + "/",
                    url_fetcher=StaticFilesOnly(static_folder))
    return document.write_pdf()
