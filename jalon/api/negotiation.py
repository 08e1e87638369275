"""Content negotiation: DRF's, with the requests of nearly every client answered first."""

from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's DefaultContentNegotiation. A request with no format (`?format=`, a suffix)
    that accepts anything (no Accept header, or `*/*`) gets the view's first renderer and
    its media type — what DRF's negotiation gives then — without parsing the header and
    matching it against every renderer (a tenth of an API answer's time); so does one
    accepting exactly the first renderer's plain media type (`application/json`). Any
    other request is negotiated by DRF."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if renderers and not format_suffix:
            first = renderers[0].media_type
            accept = request.META.get("HTTP_ACCEPT", "*/*")
            override = self.settings.URL_FORMAT_OVERRIDE
            if (
                (accept == "*/*" or accept == first)
                and "/" in first
                and "*" not in first
                and ";" not in first
                and not (override and override in request.query_params)
            ):
                return renderers[0], first
        return super().select_renderer(request, renderers, format_suffix)
