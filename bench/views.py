from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    """The floor every page is compared with: logged in (LoginRequiredMiddleware), the same
    middleware, a short template and no query of its own."""
    return render(request, "bench/trivial.html", {"name": request.user.first_name})
