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

# A picture pushed to the next page is scaled down to the room left on the page before when that
# room is at least this high (in CSS px, 96 to the inch: 45 mm); the stylesheet caps every picture at
# half a page, so no page is left more than about half empty by one.
MIN_FITTED_PICTURE = 170.0
# Left free around a fitted picture: its figure's margins (2 mm each), the line box around it and
# rounding (CSS px: about 10 mm).
FIT_SLACK = 40.0


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

    def layout(source: str):
        return weasyprint.HTML(string=source, base_url=base_url, url_fetcher=fetcher).render()

    document = layout(html)
    fits = _pushed_pictures(document)
    if fits:
        # Each picture that would leave the page before it partly empty, scaled to the room there.
        rules = "".join(
            f'img[data-picture="{number}"] {{ max-height: {room:.0f}px; }}' for number, room in fits.items()
        )
        document = layout(html.replace("</head>", f"<style>{rules}</style></head>", 1))
    return document.write_pdf()


def _boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _pushed_pictures(document) -> dict[str, float]:
    """Pictures that start a page although the page before ended with room left, and that room
    (CSS px) where it is at least :data:`MIN_FITTED_PICTURE`: {picture number: height to fit}. Reads
    WeasyPrint's laid-out pages (``page._page_box``), which a WeasyPrint upgrade may change."""
    from weasyprint.formatting_structure import boxes

    fits, previous_bottom, previous_end = {}, None, None
    for page in document.pages:
        page_box = page._page_box
        top = page_box.content_box_y()
        end = top + page_box.height
        content = [box for box in _boxes(page_box) if isinstance(box, (boxes.LineBox, boxes.ReplacedBox))]
        page_top = min((box.position_y for box in content), default=end)
        first = next(
            (
                box
                for box in content
                if isinstance(box, boxes.ReplacedBox)
                and box.position_y <= page_top + 1
                and box.element is not None
                and box.element.get("data-picture")
            ),
            None,
        )
        if first is not None and previous_bottom is not None:
            room = previous_end - previous_bottom - FIT_SLACK
            if room >= MIN_FITTED_PICTURE:
                fits[first.element.get("data-picture")] = room
        bottoms = [box.position_y + box.margin_height() for box in content]
        previous_bottom = max(bottoms, default=top)
        previous_end = end
    return fits


def serve(connection, request: dict) -> None:
    """Run in the child: render ``request`` and send ``("pdf", bytes)`` or, for WeasyPrint's own
    errors, ``("failed", message)`` back over ``connection``."""
    try:
        answer = ("pdf", write_pdf(**request))
    except (OSError, ValueError) as error:
        answer = ("failed", str(error))
    connection.send(answer)
    connection.close()
