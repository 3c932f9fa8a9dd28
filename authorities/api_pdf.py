"""A PDF as an API answer: DRF negotiates content by renderer, so an action that returns a PDF
lists this renderer beside JSON's (its errors still go out as JSON)."""

from __future__ import annotations

from rest_framework.renderers import BaseRenderer, JSONRenderer


class PDFRenderer(BaseRenderer):
    """Lets a client ask for `application/pdf`; the view answers with the PDF itself, and an error
    (a 404) still goes out as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else JSONRenderer().render(data)
