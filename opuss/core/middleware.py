from django.shortcuts import render

from opuss.seasons.models import NoCurrentSeason


class NoCurrentSeasonMiddleware:
    """A page that needs the open season, asked for before one is opened (a fresh install, or
    between two seasons), says so in French instead of failing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NoCurrentSeason):
            return render(request, "core/no_season.html")
        return None
