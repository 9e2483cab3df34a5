"""Exports and dashboards read from the replica when one is configured; writes never do."""

import pytest
from django.urls import reverse

from opuss.core import replica
from opuss.core.replica import ReplicaRouter, reading_replica
from opuss.licences.models import Licence


def test_without_a_replica_every_read_stays_on_the_primary():
    with reading_replica():
        assert ReplicaRouter().db_for_read(Licence) is None


def test_with_a_replica_only_the_marked_reads_go_to_it(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()
    assert router.db_for_read(Licence) is None
    with reading_replica():
        assert router.db_for_read(Licence) == "replica"
        assert router.db_for_write(Licence) is None
    assert router.db_for_read(Licence) is None
    assert router.allow_migrate("replica", "licences") is False
    assert router.allow_migrate("default", "licences") is True


def reads_marked(client, user, url, monkeypatch) -> list[bool]:
    """For each read the router is asked about while the page answers, whether it was marked
    for the replica (without one configured here, every read still runs on the primary)."""
    asked = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        asked.append(replica._reading.get())
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    client.force_login(user)
    assert client.get(url).status_code == 200
    return asked


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["core:staff_home", "finances:list", "finances:accounting"])
def test_dashboards_and_accounting_read_from_the_replica(client, world, monkeypatch, page):
    # The middleware's reads (session, user) stay on the primary; the page's go to the replica.
    assert True in reads_marked(client, world.a.sr, reverse(page), monkeypatch)


@pytest.mark.django_db
def test_a_page_that_writes_reads_from_the_primary(client, world, monkeypatch):
    url = reverse("baskets:basket", args=[world.a.association.code])
    assert True not in reads_marked(client, world.a.teacher, url, monkeypatch)
