"""The demo shows the seed 000's pupil as a Jeune Officiel: JO N° 1529567, certified by his
animateurs and the Haut-Rhin SD, events he officiated at, two questionnaires done."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from opuss.demo.models import DemoAccount
from opuss.jo.models import Certification, Question, QuizAttempt

pytestmark = pytest.mark.django_db


def test_the_demo_pupil_is_a_certified_jeune_officiel(client, capsys):
    call_command("seed", force=True)  # the test settings have DEBUG off
    capsys.readouterr()
    assert Question.objects.filter(academy=None).count() >= 40
    assert Question.objects.filter(academy__code="24").exists()
    pupil = DemoAccount.objects.get(role="pupil").user
    client.force_login(pupil)
    page = client.get(reverse("jo:pupil_jo")).text
    assert "JO N° 1529567" in page
    assert "BERNASCONI Héloïse" in page and "KLEIN Théodore" in page
    mine = Certification.objects.filter(pupil__user=pupil)
    assert 3 <= mine.count() <= 4
    assert set(mine.values_list("level", flat=True)) == {"DISTRICT", "DEPARTMENT"}
    assert "Championnat départemental de volley-ball lycées" in page
    assert Certification.objects.exclude(pupil__user=pupil).exists()
    quiz = client.get(reverse("jo:quiz")).text
    assert quiz.count("Voir la correction") == 2
    attempt = QuizAttempt.objects.filter(pupil__user=pupil).first()
    assert (
        f"{attempt.right} / {attempt.total}"
        in client.get(reverse("jo:attempt", args=[attempt.pk])).text
    )
    client.force_login(DemoAccount.objects.get(role="teacher").user)
    assert "SCHMITTE" in client.get(reverse("jo:association", args=["24214"])).text
