from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def home(request):
    return redirect("dashboard" if request.user.is_authenticated else "login")
