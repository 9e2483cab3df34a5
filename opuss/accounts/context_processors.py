from opuss.accounts.roles import active_assignment, sorted_assignments


def active_role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "active_assignment": active_assignment(request),
        "all_assignments": sorted_assignments(user),
    }
