from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.demo.data import DEMO_PASSWORD
from opuss.demo.models import DemoAccount

ROLE_ORDER = ["pupil", "pupil_other", "pupil_renewal", "teacher", "as_secretary", "sd", "sr", "dn"]


def demo_accounts() -> list[DemoAccount]:
    accounts = sorted(
        DemoAccount.objects.select_related("user"), key=lambda a: ROLE_ORDER.index(a.role)
    )
    for account in accounts:
        account.password = DEMO_PASSWORD
    return accounts


def teachers_by_association() -> dict[int, list]:
    """Each AS's teachers (animateurs), by AS id, in the order they were created: the demo's
    authors of what an AS writes (its register, its season statistics)."""
    teachers: dict[int, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(role=Role.AS_TEACHER).select_related("user").order_by("pk")
    ):
        teachers.setdefault(assignment.association_id, []).append(assignment.user)
    return teachers
