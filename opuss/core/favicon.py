"""/favicon.ico: browsers ask for it on every site, whatever the page links; it serves the
same SVG as the <link rel="icon"> of base.html rather than a 404 in every log."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

FAVICON = "opuss/favicon.svg"


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    found = finders.find(FAVICON)
    if not found:
        raise Http404
    with open(found, "rb") as svg:
        return HttpResponse(svg.read(), content_type="image/svg+xml")
