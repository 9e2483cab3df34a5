from opuss.seasons.models import remembered


class SeasonMemoMiddleware:
    """The seasons a request reads are read once (opuss.seasons.models.remembered)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with remembered():
            return self.get_response(request)
