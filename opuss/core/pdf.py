"""PDF documents: a server-side template printed by WeasyPrint.

Rendering never goes to the network. A document may use the project's static files (its
stylesheet, a logo), which are read from disk; any other address (a remote font, an image on
another site, even this site's own pages) is refused, so that a value typed by a user cannot make
the server fetch something while it prints."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesOnly(URLFetcher):
    """Answers the URLs of static files from the disk, `data:` URLs as they are, and refuses the
    rest (WeasyPrint then logs the refusal and prints without the resource)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols=("data",))
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(self.static_prefix):
            raise ValueError(f"Adresse refusée à l'impression (pas un fichier statique) : {url}")
        name = unquote(urlsplit(url).path).removeprefix(urlsplit(self.static_prefix).path)
        path = static_file_path(name)
        if path is None:
            raise ValueError(f"Fichier statique introuvable : {name}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file_path(name: str) -> Path | None:
    """Where a static file is on disk: in the apps' folders (development), else among the
    collected files (production, where the names carry a hash)."""
    try:
        found = finders.find(name)
        if found:
            return Path(found)
        collected = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return collected if collected.is_file() else None


def render_pdf(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    """The template rendered as HTML, printed to PDF, shown inline by the browser."""
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/")
    pdf = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesOnly(base_url)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    # Bank details and fees: the browser may keep the document, a shared cache may not.
    response["Cache-Control"] = "private"
    return response
