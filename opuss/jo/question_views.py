"""The JO question bank: the national direction writes the national bank, each regional
service its académie's."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.core.listing import Column, Filter, Listing
from opuss.jo import perms, services
from opuss.jo.enums import JoLevel, JoRole
from opuss.jo.forms import QuestionForm
from opuss.jo.models import Question
from opuss.jo.staff_views import LEVEL_RANK
from opuss.sport.models import Activity

question_writers = roles_required(Role.SR, Role.DN)


def _edit_link(user):
    def link(question):
        if perms.may_edit_question(user, question):
            return reverse("jo:question_edit", args=[question.pk])
        return None

    return link


@require_GET
@question_writers
def question_list(request):
    questions = (
        Question.objects.seen_by(request.user)
        .select_related("activity", "academy")
        .annotate(level_rank=LEVEL_RANK)
    )
    listing = Listing(
        request,
        questions,
        columns=[
            Column("Question", lambda q: q.text, "text", link=_edit_link(request.user)),
            Column("Rôle", lambda q: q.get_role_display(), "role"),
            Column("Niveau", lambda q: q.get_level_display(), "level_rank"),
            Column("Activité", lambda q: q.activity or "Toutes", "activity__name"),
            Column("Banque", lambda q: q.bank_label, "academy__name"),
            Column("En service", lambda q: q.active, "active"),
        ],
        search_fields=["text", "explanation"],
        filters=[
            Filter("role", "Rôle", "role", JoRole.choices),
            Filter("niveau", "Niveau", "level", JoLevel.choices),
            Filter(
                "activite",
                "Activité",
                "activity_id",
                [(str(a.pk), a.name) for a in Activity.objects.all()],
            ),
        ],
        default_order="pk",
        export_name="jo-questions",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "jo/listing.html",
        listing.context()
        | {
            "heading": "Questionnaire JO : banque de questions",
            "intro": "Les licenciés tirent 10 questions de la banque nationale et de celle de leur "
            "académie, pour le rôle, le niveau et l'activité choisis (et celles valables pour "
            "toutes les activités).",
            "actions": [{"label": "Rédiger une question", "url": reverse("jo:question_create")}],
        },
    )


def _question_form(request, question):
    banks = perms.question_banks(request.user)
    form = QuestionForm(
        request.POST if request.method == "POST" else None, banks=banks, question=question
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_question(
                actor=request.user,
                question=question,
                values=form.values(),
                choices=form.cleaned_data["choices"],
            )
        except services.JoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Question n° {saved.pk} enregistrée.")
            return redirect("jo:questions")
    return render(request, "jo/question_form.html", {"form": form, "question": question})


@require_http_methods(["GET", "POST"])
@question_writers
def question_create(request):
    return _question_form(request, None)


@require_http_methods(["GET", "POST"])
@question_writers
def question_edit(request, pk: int):
    question = get_object_or_404(Question.objects.seen_by(request.user), pk=pk)
    if not perms.may_edit_question(request.user, question):
        raise Http404
    return _question_form(request, question)
