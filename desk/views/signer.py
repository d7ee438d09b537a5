"""The signer's (签发人) desk: the issues waiting for sign-off, an issue as it will print with its
status, history and next actions beside it, and one confirm page per action. Phone-first: leaders
sign on their phones. Every change goes through ``bulletin.services``."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from articles.services import WorkflowError
from bulletin.models import Issue, IssueAction, IssueTransition
from bulletin.preview import preview_context
from bulletin.services import (
    ACTION_SERVICES,
    TRANSITIONS,
    available_transitions,
    issue_reschedule,
    state_problem,
)
from contributors.roles import Role, has_role

from ..access import desk_view

S = Issue.Status
A = IssueAction
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECENTLY_PUBLISHED = 10
RESCHEDULE = "reschedule"


# --- The actions, in the signer's words -------------------------------------------------------------


@dataclass(frozen=True)
class DeskAction:
    slug: str
    label: str
    button: str  # the button's style: primary, warning, danger


DESK_ACTIONS = {
    action.slug: action
    for action in [
        DeskAction(A.SIGN, gettext_lazy("Sign off"), "primary"),
        DeskAction(A.TAKE_BACK, gettext_lazy("Send back to the editors"), "warning"),
        DeskAction(A.PUBLISH, gettext_lazy("Publish"), "primary"),
        DeskAction(A.RECALL, gettext_lazy("Recall publication"), "danger"),
        DeskAction(RESCHEDULE, gettext_lazy("Change publication time"), "warning"),
    ]
}


class ShanghaiDateTimeField(forms.DateTimeField):
    """``<input type="datetime-local">`` sends a time without a zone: it is Beijing time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        for format in self.input_formats:
            try:
                naive = datetime.datetime.strptime(str(value).strip(), format)
            except ValueError:
                continue
            return naive.replace(tzinfo=SHANGHAI)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class SignForm(forms.Form):
    publish_at = ShanghaiDateTimeField(
        label=gettext_lazy("Publish automatically at (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Beijing time. Leave it empty to publish the issue yourself once it is signed off."
        ),
        error_messages={"invalid": gettext_lazy("Enter the date and time, for example 2026-12-01 09:00.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at is not None and publish_at <= timezone.now():
            raise forms.ValidationError(_("The scheduled publication time must be in the future."))
        return publish_at


class TakeBackForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What should the editors change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Please say what the editors should change.")},
    )


class RecallForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for recalling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Please give the reason for recalling the issue.")},
    )


class PublishForm(forms.Form):
    pass


class RescheduleForm(forms.Form):
    publish_at = ShanghaiDateTimeField(
        label=gettext_lazy("Publish automatically at"),
        required=False,
        help_text=gettext_lazy(
            "Beijing time. Leave it empty to cancel the scheduled publication; the issue stays signed off "
            "and you publish it yourself."
        ),
        error_messages={"invalid": gettext_lazy("Enter the date and time, for example 2026-12-01 09:00.")},
    )

    clean_publish_at = SignForm.clean_publish_at


FORMS = {
    A.SIGN: SignForm,
    A.TAKE_BACK: TakeBackForm,
    A.PUBLISH: PublishForm,
    A.RECALL: RecallForm,
    RESCHEDULE: RescheduleForm,
}


def _problem(issue: Issue, action: str) -> str | None:
    """Why ``action`` cannot be done to ``issue`` now, or None."""
    if action == RESCHEDULE:
        if issue.status != S.SIGNED:
            return _(
                "Only a signed-off issue has a publication time to change; %(issue)s is “%(status)s”."
            ) % {
                "issue": issue.label,
                "status": issue.get_status_display(),
            }
        return None
    return state_problem(issue, TRANSITIONS[action])


def _run(action: str, issue: Issue, actor, data: dict) -> Issue:
    if action == RESCHEDULE:
        return issue_reschedule(issue=issue, actor=actor, publish_at=data["publish_at"])
    service = ACTION_SERVICES[action]
    if action == A.SIGN:
        return service(issue=issue, actor=actor, publish_at=data["publish_at"], note=data["note"])
    if action == A.TAKE_BACK:
        return service(issue=issue, actor=actor, note=data["note"])
    if action == A.RECALL:
        return service(issue=issue, actor=actor, reason=data["reason"])
    return service(issue=issue, actor=actor)


def _done_message(action: str, issue: Issue) -> str:
    label = issue.label
    if action == A.SIGN and issue.publish_at:
        return _("%(issue)s is signed off and will be published at %(time)s.") % {
            "issue": label,
            "time": f"{timezone.localtime(issue.publish_at, SHANGHAI):%Y-%m-%d %H:%M}",
        }
    if action == A.SIGN:
        return _("%(issue)s is signed off. Publish it when it should go out.") % {"issue": label}
    if action == A.TAKE_BACK:
        return _("%(issue)s went back to the editors with your note.") % {"issue": label}
    if action == A.PUBLISH:
        return _("%(issue)s is published; the recipients on its footer lines are being e-mailed.") % {
            "issue": label
        }
    if action == RESCHEDULE and issue.publish_at:
        return _("%(issue)s will now be published at %(time)s.") % {
            "issue": label,
            "time": f"{timezone.localtime(issue.publish_at, SHANGHAI):%Y-%m-%d %H:%M}",
        }
    if action == RESCHEDULE:
        return _("The scheduled publication of %(issue)s is cancelled; it stays signed off.") % {
            "issue": label
        }
    return _("%(issue)s was recalled and is being drafted again.") % {"issue": label}


# --- Reading the issues -------------------------------------------------------------------------------


def _sends():
    return IssueTransition.objects.filter(issue=OuterRef("pk"), action=A.SEND_FOR_SIGNOFF).order_by(
        "-created", "-pk"
    )


def _queue_rows(issues):
    """Issues with their article count, and when and by whom they were last sent for sign-off: three
    queries whatever the number of issues (issues, their sendings with the sender)."""
    return (
        issues.select_related("publication")
        .annotate(
            article_count=Count("articles", distinct=True),
            sent_at=Subquery(_sends().values("created")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=IssueTransition.objects.filter(action=A.SEND_FOR_SIGNOFF)
                .select_related("actor")
                .order_by("-created", "-pk"),
                to_attr="sendings",
            )
        )
    )


def _last_sending(issue):
    sendings = getattr(issue, "sendings", None)
    if sendings is None:
        sendings = list(
            issue.transitions.filter(action=A.SEND_FOR_SIGNOFF)
            .select_related("actor")
            .order_by("-created", "-pk")
        )
    return sendings[0] if sendings else None


def _with_sending(issues):
    issues = list(issues)
    for issue in issues:
        issue.sending = _last_sending(issue)
    return issues


@require_safe
@desk_view(Role.SIGNER)
def signoff_queue(request):
    """待签发: waiting for sign-off (oldest first), signed and waiting to go out, recently published."""
    pending = _queue_rows(Issue.objects.filter(status=S.PENDING_SIGNOFF)).order_by("sent_at", "pk")
    signed = _queue_rows(Issue.objects.filter(status=S.SIGNED)).order_by("publish_at", "signed_at", "pk")
    published = _queue_rows(Issue.objects.filter(status=S.PUBLISHED)).order_by("-published_at", "-pk")[
        :RECENTLY_PUBLISHED
    ]
    return render(
        request,
        "desk/signoff_queue.html",
        {
            "pending": _with_sending(pending),
            "signed": _with_sending(signed),
            "published": _with_sending(published),
        },
    )


def _get_issue(pk: int) -> Issue:
    return get_object_or_404(Issue.objects.select_related("publication", "signed_by"), pk=pk)


@require_safe
@desk_view(Role.SIGNER, Role.EDITOR)
def issue_detail(request, pk: int):
    """The issue as it will print, with its status, history and the signer's next actions."""
    issue = _get_issue(pk)
    context, _template = preview_context(issue)
    history = list(issue.transitions.select_related("actor").order_by("-created", "-pk"))
    sending = next((row for row in history if row.action == A.SEND_FOR_SIGNOFF), None)
    actions = []
    if has_role(request.user, Role.SIGNER):
        allowed = {transition.action for transition in available_transitions(issue, request.user)}
        if issue.status == S.SIGNED:
            allowed.add(RESCHEDULE)
        actions = [action for slug, action in DESK_ACTIONS.items() if slug in allowed]
    context.update(
        {
            "sending": sending,
            "history": history,
            "actions": actions,
            "read_only": not has_role(request.user, Role.SIGNER),
        }
    )
    return render(request, "desk/issue_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.SIGNER)
def issue_action(request, pk: int, action: str):
    """GET: what the action will do, and to whom; nothing changes. POST: do it, then back to the issue."""
    if action not in DESK_ACTIONS:
        raise Http404
    issue = _get_issue(pk)
    form_class = FORMS[action]
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                issue = _run(action, issue, request.user, form.cleaned_data)
            except WorkflowError as error:
                errors = list(error.messages)
                status = 409
            else:
                messages.success(request, _done_message(action, issue))
                return redirect("desk:issue_detail", pk=issue.pk)
        else:
            status = 400
    else:
        initial = {"publish_at": timezone.localtime(issue.publish_at, SHANGHAI)} if issue.publish_at else {}
        form = form_class(initial=initial if action == RESCHEDULE else {})
        problem = _problem(issue, action)
        if problem:
            errors = [problem]
    context, _template = preview_context(issue)
    return render(
        request,
        "desk/issue_confirm.html",
        {
            "issue": issue,
            "action": DESK_ACTIONS[action],
            "form": form,
            "errors": errors,
            "possible": _problem(issue, action) is None,
            "footer_lines": context["contents"].footer_lines,
            "article_count": context["contents"].article_count,
        },
        status=status,
    )
