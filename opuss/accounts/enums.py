from django.db import models


class Role(models.TextChoices):
    PUPIL = "PUPIL", "Licencié"
    AS_TEACHER = "AS_TEACHER", "Animateur d'AS"
    AS_SECRETARY = "AS_SECRETARY", "Secrétaire d'AS"
    SD = "SD", "Service départemental"
    SR = "SR", "Service régional"
    DN = "DN", "Direction nationale"


# The object a role's scope is: an AS, a department, an académie, or nothing (pupil: himself;
# DN: everything).
ROLE_SCOPE_FIELD: dict[str, str | None] = {
    Role.PUPIL: None,
    Role.AS_TEACHER: "association",
    Role.AS_SECRETARY: "association",
    Role.SD: "department",
    Role.SR: "academy",
    Role.DN: None,
}

AS_ROLES = (Role.AS_TEACHER, Role.AS_SECRETARY)
STAFF_ROLES = (Role.SD, Role.SR, Role.DN)
