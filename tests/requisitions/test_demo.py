from requisitions.models import Requisition


def test_seed_demo_adds_requisitions_in_different_states(demo_data):
    expected = {
        "senior-backend-engineer": "open",
        "product-designer": "draft",
        "data-analyst": "draft",
        "engineering-manager-platform": "on_hold",
    }
    # (demo.history adds past searches of its own)
    states = dict(Requisition.objects.filter(slug__in=expected).values_list("slug", "status"))
    assert states == expected
    backend = Requisition.objects.get(slug="senior-backend-engineer")
    assert backend.hiring_manager.username == "manager"
    assert backend.recruiter.username == "recruiter"
    assert backend.intake.held and backend.stages.count() == 3
    assert Requisition.objects.get(slug="data-analyst").recruiter is None
