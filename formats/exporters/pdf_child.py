"""The PDF renderer's child process: WeasyPrint runs here, one process per render, and its memory
(hundreds of megabytes for a long issue with photos) goes back to the system when the process ends.

Run as a script by ``formats.exporters.pdf`` (never imported by the web process; it needs neither
Django nor the database). It reads one pickled request from stdin — the HTML, the base URL, the
media URL prefix and the pictures the parent has already read from the media storage, by path —
and writes the PDF's bytes to stdout. WeasyPrint's own errors (``OSError``, ``ValueError``) end
the process with ``FAILED`` and the message on stderr; the parent turns that into ``ExportError``.
"""

import pickle  # noqa: S403 — a request from our own parent process over a pipe
import sys
from urllib.parse import unquote, urlsplit

FAILED = 3


def write_pdf(html: str, *, base_url: str, media_prefix: str, pictures: dict[str, bytes]) -> bytes:
    """The PDF of ``html``; pictures come only from ``pictures``, nothing is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PicturesOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            body = None
            if f"{parts.scheme}://{parts.netloc}/" == base_url and parts.path.startswith(media_prefix):
                body = pictures.get(unquote(parts.path))
            if body is None:
                raise ValueError(f"not fetched: {url}")
            return URLFetcherResponse(url, body=body)

    fetcher = PicturesOnlyFetcher(allowed_protocols={"https"})
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def main() -> int:
    request = pickle.load(sys.stdin.buffer)  # noqa: S301 — written by our parent, see above
    try:
        data = write_pdf(
            request["html"],
            base_url=request["base_url"],
            media_prefix=request["media_prefix"],
            pictures=request["pictures"],
        )
    except (OSError, ValueError) as error:
        sys.stderr.write(str(error))
        return FAILED
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
