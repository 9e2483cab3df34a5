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
