from django import template

from bulletin.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/_workflow_dashboard.html", takes_context=True)
def workflow_dashboard(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"dash": dashboard(user) if user is not None else {}, "request": request}
