"""The pupil's side: his certifications and events ("J.O."), and the questionnaire."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.jo import services
from opuss.jo.forms import QuizChoiceForm
from opuss.jo.models import Certification, Officiating, QuizAttempt
from opuss.jo.quiz import FIELD_PREFIX, TamperedAnswers, is_right
from opuss.licences.selectors import own_pupil


@require_GET
@roles_required(Role.PUPIL)
def pupil_jo(request):
    """Seed 000: "Le licencié obtient la liste de ses certifications ainsi que la liste des
    événements qu'il a encadrés"."""
    pupil = own_pupil(request)
    return render(
        request,
        "jo/pupil_jo.html",
        {
            "pupil": pupil,
            "certifications": Certification.objects.for_user(request.user)
            .filter(pupil=pupil)
            .select_related("activity", "certifier", "association"),
            "officiatings": Officiating.objects.for_user(request.user)
            .filter(pupil=pupil)
            .select_related("activity"),
        },
    )


def _own_attempts(request, pupil):
    return QuizAttempt.objects.for_user(request.user).filter(pupil=pupil)


@require_http_methods(["GET", "POST"])
@roles_required(Role.PUPIL)
def quiz(request):
    """Pick a role, a level and maybe an activity; the questions are drawn and kept."""
    pupil = own_pupil(request)
    form = QuizChoiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.start_attempt(pupil=pupil, **form.cleaned_data)
        except services.JoError as error:
            form.add_error(None, str(error))
        else:
            return redirect("jo:attempt", pk=attempt.pk)
    return render(
        request,
        "jo/quiz.html",
        {
            "form": form,
            "attempts": _own_attempts(request, pupil).select_related("activity"),
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.PUPIL)
def attempt(request, pk: int):
    """A questionnaire: its questions until it is handed in, then its score and correction."""
    pupil = own_pupil(request)
    attempt = get_object_or_404(_own_attempts(request, pupil).select_related("activity"), pk=pk)
    if attempt.submitted_at is not None:
        if request.method == "POST":
            messages.error(request, "Ce questionnaire est déjà corrigé.")
            return redirect("jo:attempt", pk=attempt.pk)
        return render(
            request, "jo/attempt_result.html", {"attempt": attempt, "lines": _correction(attempt)}
        )
    posted = {}
    missing: set[int] = set()
    if request.method == "POST":
        posted = {k: request.POST.getlist(k) for k in request.POST if k.startswith(FIELD_PREFIX)}
        try:
            services.submit_attempt(attempt=attempt, posted=posted)
        except TamperedAnswers:
            return render(request, "jo/attempt_refused.html", {"attempt": attempt}, status=400)
        except services.Unanswered as error:
            missing = error.question_ids
            messages.error(request, str(error))
        else:
            return redirect("jo:attempt", pk=attempt.pk)
    return render(
        request,
        "jo/attempt_form.html",
        {"attempt": attempt, "lines": _questionnaire(attempt, posted, missing)},
    )


def _questionnaire(attempt, posted, missing) -> list[dict]:
    return [
        {
            "question": question,
            "ticked": {int(v) for v in posted.get(question.field_name, []) if v.isdigit()},
            "missing": question.id in missing,
        }
        for question in attempt.asked
    ]


def _correction(attempt) -> list[dict]:
    chosen = attempt.chosen
    lines = []
    for question in attempt.asked:
        ticked = chosen.get(question.id, frozenset())
        lines.append(
            {
                "question": question,
                "right": is_right(question, ticked),
                "choices": [{"choice": c, "ticked": c.id in ticked} for c in question.choices],
            }
        )
    return lines
