"""Who may open which page. Refusals are 404s: a page out of someone's reach does not exist for
him. Objects themselves are scoped by `for_user` (opuss.core.scope)."""

from functools import wraps

from django.http import Http404

from opuss.accounts.enums import STAFF_ROLES


def holds_any_role(user, roles) -> bool:
    return any(a.role in roles for a in user.role_assignments_cached)


def roles_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not holds_any_role(request.user, roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = roles_required(*STAFF_ROLES)
