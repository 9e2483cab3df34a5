"""The pupil's news and partners, the article page and its files, and the writers' pages.
Reading goes through `visible_to`, writing through `managed_by` and the services."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from opuss.content import perms, services
from opuss.content.enums import ARTICLE_LEVELS, PARTNER_LEVELS
from opuss.content.forms import ArticleForm, PartnerForm
from opuss.content.models import Article, Attachment, Partner
from opuss.content.selectors import articles_block_context, partner_groups
from opuss.content.validators import INLINE_TYPES, content_type_for
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Filter, Listing
from opuss.licences.selectors import own_pupil
from opuss.territories.levels import TerritoryLevel

BLOCK_TEMPLATE = "content/_articles_block.html"


def _require_publisher(request) -> perms.Reach:
    reach = perms.reach_of(request.user)
    if reach.is_empty:
        raise Http404
    return reach


# --- reading ------------------------------------------------------------------------------------


@require_GET
def pupil_news(request):
    """ "Mon actualité": every article he may read, his région first (seed 000, part 8)."""
    own_pupil(request)
    context = articles_block_context(request, on_news_page=True)
    return render(request, BLOCK_TEMPLATE if request.htmx else "content/pupil_news.html", context)


@require_GET
def articles_block(request):
    """The home's "Derniers articles" reloaded by htmx; without htmx (a bookmark, no
    JavaScript) the same search as a whole page."""
    own_pupil(request)
    if request.htmx:
        context = articles_block_context(request)
        response = render(request, BLOCK_TEMPLATE, context)
        # The filters go in the home's address (not this fragment's): reloaded, bookmarked or
        # sent, the home shows the same articles (issue #12). The header beats hx-push-url.
        query = context["articles_block"].query
        home = reverse("licences:pupil_home")
        response["HX-Push-Url"] = f"{home}?{query}" if query else home
        return response
    return render(
        request, "content/pupil_news.html", articles_block_context(request, on_news_page=True)
    )


@require_GET
def article(request, pk: int):
    article = get_object_or_404(
        Article.objects.visible_to(request.user).select_related(
            "academy", "department", "district", "association__establishment"
        ),
        pk=pk,
    )
    return render(
        request,
        "content/article.html",
        {
            "article": article,
            "attachments": article.attachments.all(),
            "can_edit": Article.objects.managed_by(request.user).filter(pk=pk).exists(),
            "is_pupil": getattr(request.user, "pupil", None) is not None,
        },
    )


@require_GET
def attachment(request, pk: int):
    """A file joined to an article, for whoever may read the article; never a public URL."""
    joined = get_object_or_404(
        Attachment.objects.filter(article__in=Article.objects.visible_to(request.user)), pk=pk
    )
    return file_response(joined.file, joined.filename)


@require_GET
def partner_logo(request, pk: int):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    if not partner.logo:
        raise Http404
    return file_response(partner.logo, partner.logo.name.rsplit("/", 1)[-1])


def file_response(field_file, filename: str) -> HttpResponse:
    """The file read whole (10 MB at most) and closed at once, rather than streamed."""
    if not field_file.storage.exists(field_file.name):
        raise Http404
    with field_file.storage.open(field_file.name, "rb") as stored:
        content = stored.read()
    content_type = content_type_for(field_file.name)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        content_type not in INLINE_TYPES, filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def pupil_partners(request):
    """ "Mes partenaires" (seed 000, part 8: "Liste des partenaires de l'AS")."""
    own_pupil(request)
    return render(request, "content/pupil_partners.html", {"groups": partner_groups(request.user)})


# --- writing: articles --------------------------------------------------------------------------


def _level_filter(reach, levels) -> Filter:
    return Filter(
        "niveau",
        "Niveau",
        "level",
        [(level, TerritoryLevel(level).label) for level in perms.levels_for(reach, levels)],
    )


def _state(article) -> str:
    if article.is_published:
        return "Publié"
    return f"Programmé le {timezone.localtime(article.published_at):%d/%m/%Y à %H:%M}"


@require_GET
def manage(request):
    reach = _require_publisher(request)
    listing = Listing(
        request,
        Article.objects.managed_by(request.user)
        .select_related("academy", "department", "district", "association", "author")
        .annotate(attachment_count=Count("attachments")),
        columns=[
            Column(
                "Titre",
                lambda a: a.title,
                "title",
                link=lambda a: reverse("content:edit", args=[a.pk]),
            ),
            Column("Niveau", lambda a: a.get_level_display(), "level"),
            Column("Territoire", lambda a: a.territory_label),
            Column("Publication", lambda a: a.published_at, "published_at"),
            Column("État", _state),
            Column("Auteur", lambda a: a.author, "author__last_name"),
            Column("Fichiers joints", lambda a: a.attachment_count, "attachment_count"),
        ],
        search_fields=["title", "summary"],
        filters=[_level_filter(reach, ARTICLE_LEVELS)],
        default_order="-published_at",
        export_name="articles",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "content/manage.html", listing.context())


@require_http_methods(["GET", "POST"])
def create(request):
    return _article_form(request, Article())


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    return _article_form(
        request, get_object_or_404(Article.objects.managed_by(request.user), pk=pk)
    )


def _article_form(request, article: Article):
    reach = _require_publisher(request)
    form = _bound(request, ArticleForm, article, reach)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_save(
                article=form.save(commit=False),
                actor=request.user,
                files=form.cleaned_data["files"],
                removed=form.cleaned_data.get("remove", []),
            )
        except services.ContentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Article « {saved.title} » enregistré ({_state(saved).lower()})."
            )
            return redirect("content:edit", pk=saved.pk)
    return render(
        request,
        "content/article_form.html",
        {
            "form": form,
            "article": article if article.pk else None,
            "audit": entries_for(article) if article.pk else None,
        },
    )


def _bound(request, form_class, instance, reach):
    if request.method == "POST":
        return form_class(request.POST, request.FILES, instance=instance, reach=reach)
    return form_class(instance=instance, reach=reach, level_hint=request.GET.get("level"))


# --- writing: partners --------------------------------------------------------------------------


@require_GET
def partners_manage(request):
    reach = _require_publisher(request)
    listing = Listing(
        request,
        Partner.objects.managed_by(request.user).select_related(
            "academy", "department", "association"
        ),
        columns=[
            Column(
                "Nom",
                lambda p: p.name,
                "name",
                link=lambda p: reverse("content:partner_edit", args=[p.pk]),
            ),
            Column("Niveau", lambda p: p.get_level_display(), "level"),
            Column("Territoire", lambda p: p.territory_label),
            Column("Site internet", lambda p: p.website),
        ],
        search_fields=["name", "description"],
        filters=[_level_filter(reach, PARTNER_LEVELS)],
        default_order="name",
        export_name="partenaires",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "content/partners_manage.html", listing.context())


@require_http_methods(["GET", "POST"])
def partner_create(request):
    return _partner_form(request, Partner())


@require_http_methods(["GET", "POST"])
def partner_edit(request, pk: int):
    return _partner_form(
        request, get_object_or_404(Partner.objects.managed_by(request.user), pk=pk)
    )


def _partner_form(request, partner: Partner):
    reach = _require_publisher(request)
    form = _bound(request, PartnerForm, partner, reach)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.partner_save(partner=form.save(commit=False), actor=request.user)
        except services.ContentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Partenaire « {saved.name} » enregistré.")
            return redirect("content:partner_edit", pk=saved.pk)
    return render(
        request,
        "content/partner_form.html",
        {
            "form": form,
            "partner": partner if partner.pk else None,
            "audit": entries_for(partner) if partner.pk else None,
        },
    )
