"""Jeunes Officiels (seed 000, "JO : Le licencié obtient la liste de ses certifications ainsi
que la liste des événements qu'il a encadrés") and the JO questionnaire ("QUESTIONNAIRE JO").

A certification and an officiated event belong to the pupil and to the AS he was licensed in
when they were given: that AS and the services of its territory see them. Certifications are
evidence: never deleted."""

from django.conf import settings
from django.db import models

from opuss.accounts.enums import Role
from opuss.core.scope import Level, ScopedQuerySet
from opuss.jo.enums import JoLevel, JoRole
from opuss.jo.quiz import AskedChoice, AskedQuestion, Score
from opuss.licences.models import EvidenceDeletion

SCOPE_THROUGH_ASSOCIATION = {
    Level.PUPIL: "pupil",
    Level.ASSOCIATION: "association",
    Level.DEPARTMENT: "association__department",
    Level.ACADEMY: "association__department__academy",
}

ROLE_IS_KNOWN = models.Q(role__in=JoRole.values)
LEVEL_IS_KNOWN = models.Q(level__in=JoLevel.values)


class CertificationQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_THROUGH_ASSOCIATION

    def delete(self):
        raise EvidenceDeletion("Une certification de Jeune Officiel ne se supprime pas.")


class Certification(models.Model):
    pupil = models.ForeignKey(
        "licences.Pupil",
        on_delete=models.PROTECT,
        related_name="jo_certifications",
        verbose_name="licencié",
    )
    activity = models.ForeignKey(
        "sport.Activity", on_delete=models.PROTECT, related_name="+", verbose_name="activité"
    )
    role = models.CharField("rôle", max_length=12, choices=JoRole.choices)
    level = models.CharField("niveau", max_length=13, choices=JoLevel.choices)
    certified_on = models.DateField("date de la certification")
    certifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="certifié par",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="jo_certifications",
        verbose_name="AS",
    )
    created_at = models.DateTimeField("saisie le")

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = "certification de Jeune Officiel"
        verbose_name_plural = "certifications de Jeunes Officiels"
        ordering = ["-certified_on", "-pk"]
        constraints = [
            # A pupil is certified once in a role, an activity and a level.
            models.UniqueConstraint(
                fields=["pupil", "activity", "role", "level"], name="jo_certification_once"
            ),
            models.CheckConstraint(condition=ROLE_IS_KNOWN, name="jo_certification_role_known"),
            models.CheckConstraint(condition=LEVEL_IS_KNOWN, name="jo_certification_level_known"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.pupil} – {self.get_role_display()} {self.activity} ({self.get_level_display()})"
        )

    def delete(self, *args, **kwargs):
        raise EvidenceDeletion("Une certification de Jeune Officiel ne se supprime pas.")


class OfficiatingQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_THROUGH_ASSOCIATION


class Officiating(models.Model):
    """An event a Jeune Officiel officiated at ("les événements qu'il a encadrés")."""

    pupil = models.ForeignKey(
        "licences.Pupil",
        on_delete=models.PROTECT,
        related_name="jo_officiatings",
        verbose_name="licencié",
    )
    title = models.CharField("événement", max_length=200)
    held_on = models.DateField("date")
    place = models.CharField("lieu", max_length=200)
    activity = models.ForeignKey(
        "sport.Activity", on_delete=models.PROTECT, related_name="+", verbose_name="activité"
    )
    role = models.CharField("rôle", max_length=12, choices=JoRole.choices)
    level = models.CharField("niveau", max_length=13, choices=JoLevel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="jo_officiatings",
        verbose_name="AS",
    )
    created_at = models.DateTimeField("saisi le")

    objects = OfficiatingQuerySet.as_manager()

    class Meta:
        verbose_name = "événement encadré"
        verbose_name_plural = "événements encadrés"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=ROLE_IS_KNOWN, name="jo_officiating_role_known"),
            models.CheckConstraint(condition=LEVEL_IS_KNOWN, name="jo_officiating_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} – {self.title} ({self.held_on:%d/%m/%Y})"


class JoNumberSequence(models.Model):
    """The last JO number given. One row, advanced by an UPDATE that locks it until the
    transaction commits: two certifications at once never give the same number, and a number
    once given is never given again."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last = models.PositiveIntegerField()

    class Meta:
        verbose_name = "séquence des numéros JO"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="jo_number_sequence_single"),
            # Seed 000: "JO N° 1529567", seven digits.
            models.CheckConstraint(
                condition=models.Q(last__lte=9_999_999), name="jo_number_seven_digits"
            ),
        ]

    def __str__(self) -> str:
        return str(self.last)


class QuestionQuerySet(models.QuerySet):
    def in_bank_of(self, academy):
        """The national bank, and the académie's own questions."""
        condition = models.Q(academy__isnull=True)
        if academy is not None:
            condition |= models.Q(academy=academy)
        return self.filter(condition)

    def seen_by(self, user):
        """The banks a question writer reads: DN every one; an SR the national bank and his
        académie's (he writes only in the latter)."""
        assignments = user.role_assignments_cached
        if any(a.role == Role.DN for a in assignments):
            return self.all()
        academies = [a.academy_id for a in assignments if a.role == Role.SR]
        return self.filter(models.Q(academy__isnull=True) | models.Q(academy__in=academies))


class Question(models.Model):
    """A question of the JO questionnaire: for one role and level, one activity or all."""

    role = models.CharField("rôle", max_length=12, choices=JoRole.choices)
    level = models.CharField("niveau", max_length=13, choices=JoLevel.choices)
    activity = models.ForeignKey(
        "sport.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="activité",
        help_text="Vide : toutes les activités.",
    )
    text = models.TextField("question")
    explanation = models.TextField("explication", blank=True)
    academy = models.ForeignKey(
        "territories.Academy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="académie",
        help_text="Vide : banque nationale.",
    )
    active = models.BooleanField("en service", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="rédigée par",
    )
    updated_at = models.DateTimeField("modifiée le")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question JO"
        verbose_name_plural = "questions JO"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=ROLE_IS_KNOWN, name="jo_question_role_known"),
            models.CheckConstraint(condition=LEVEL_IS_KNOWN, name="jo_question_level_known"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def bank_label(self) -> str:
        return "Nationale" if self.academy_id is None else f"Académie de {self.academy.name}"

    def as_asked(self) -> AskedQuestion:
        return AskedQuestion(
            id=self.pk,
            text=self.text,
            explanation=self.explanation,
            choices=tuple(
                AskedChoice(id=c.pk, text=c.text, correct=c.correct) for c in self.choices.all()
            ),
        )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name="question"
    )
    position = models.PositiveSmallIntegerField("ordre")
    text = models.CharField("réponse", max_length=300)
    correct = models.BooleanField("bonne réponse", default=False)

    class Meta:
        verbose_name = "réponse proposée"
        verbose_name_plural = "réponses proposées"
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="jo_choice_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class QuizAttemptQuerySet(ScopedQuerySet):
    # The pupil's own practice: nobody else's business.
    scope_paths = {Level.PUPIL: "pupil"}

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class QuizAttempt(models.Model):
    """One questionnaire: the questions as they were asked (text and correct answers copied, so
    a later edit of the bank never changes a past score), the answers given, the score."""

    pupil = models.ForeignKey(
        "licences.Pupil",
        on_delete=models.PROTECT,
        related_name="jo_quiz_attempts",
        verbose_name="licencié",
    )
    role = models.CharField("rôle", max_length=12, choices=JoRole.choices)
    level = models.CharField("niveau", max_length=13, choices=JoLevel.choices)
    activity = models.ForeignKey(
        "sport.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="activité",
    )
    seed = models.BigIntegerField("graine du tirage")
    questions = models.JSONField("questions posées")
    answers = models.JSONField("réponses données", null=True, blank=True)
    right = models.PositiveSmallIntegerField("bonnes réponses", null=True, blank=True)
    total = models.PositiveSmallIntegerField("questions")
    started_at = models.DateTimeField("commencé le")
    submitted_at = models.DateTimeField("rendu le", null=True, blank=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = "questionnaire JO"
        verbose_name_plural = "questionnaires JO"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(right__lte=models.F("total")), name="jo_attempt_score_in_range"
            ),
            # Scored exactly when submitted.
            models.CheckConstraint(
                condition=(
                    models.Q(submitted_at__isnull=True, right__isnull=True, answers__isnull=True)
                    | models.Q(
                        submitted_at__isnull=False, right__isnull=False, answers__isnull=False
                    )
                ),
                name="jo_attempt_scored_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"Questionnaire {self.get_role_display()} {self.get_level_display()} – {self.pupil}"

    @property
    def asked(self) -> list[AskedQuestion]:
        return [AskedQuestion.from_json(q) for q in self.questions]

    @property
    def chosen(self) -> dict[int, frozenset[int]]:
        return {int(k): frozenset(v) for k, v in (self.answers or {}).items()}

    @property
    def score(self) -> Score | None:
        return None if self.right is None else Score(right=self.right, total=self.total)
