"""The PDF renderer's child process: WeasyPrint lays the issue out here, one process per render, and
its memory (hundreds of megabytes for a long issue with photos) goes back to the system when the
process ends.

``formats.exporters.pdf`` starts ``serve`` through multiprocessing's ``forkserver`` context with
this module and WeasyPrint preloaded in the fork server: each render is a fork of a process
that has already imported WeasyPrint, so it starts in milliseconds. This module needs neither
Django nor the database (nor may it import them): the parent sends the HTML and the pictures it has
already read from the media storage, by path, and receives the PDF's bytes.
"""

from urllib.parse import unquote, urlsplit


def write_pdf(html: str, *, base_url: str, media_prefix: str, pictures: dict[str, bytes]) -> bytes:
    """The PDF of ``html``; pictures come only from ``pictures``, nothing is fetched."""
    # Imported here, not above: the web worker imports this module to name ``serve`` and must not
    # load WeasyPrint; the fork server preloads WeasyPrint itself (pdf.PRELOAD).
    import weasyprint
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
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def serve(connection, request: dict) -> None:
    """Run in the child: render ``request`` and send ``("pdf", bytes)`` or, for WeasyPrint's own
    errors, ``("failed", message)`` back over ``connection``."""
    try:
        answer = ("pdf", write_pdf(**request))
    except (OSError, ValueError) as error:
        answer = ("failed", str(error))
    connection.send(answer)
    connection.close()
