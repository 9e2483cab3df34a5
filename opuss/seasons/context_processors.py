from opuss.seasons.selectors import current_extranet_state


def extranet_state(request):
    """« Opuss : ouvert / fermé » in the header. A callable: the template engine calls it only
    where the header is drawn (not in htmx fragments)."""
    return {"extranet_state": current_extranet_state}
