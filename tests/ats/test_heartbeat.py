from ats.models import Heartbeat
from ats.tasks import record_heartbeat


def test_record_heartbeat_counts_each_beat_on_one_row(db):
    assert record_heartbeat(name="worker") == 0
    assert record_heartbeat(name="worker") == 1
    assert Heartbeat.objects.get(name="worker").beats == 1


def test_heartbeats_are_read_only_in_admin(client, admin_user):
    record_heartbeat(name="worker")
    client.force_login(admin_user)
    response = client.get("/admin/ats/heartbeat/")
    assert response.status_code == 200
    assert b"worker" in response.content
    assert client.get("/admin/ats/heartbeat/add/").status_code == 403
