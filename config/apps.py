from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class ProjectConfig(AppConfig):
    """The project package as an app for its operator's parts only: the deployment checks and the
    ``backup``/``restore`` commands. It has no models."""

    default = True  # this module also holds the task queue's config
    name = "config"
    label = "config"
    verbose_name = _("Operations")

    def ready(self):
        from . import admin_chinese, checks  # noqa: F401 — checks registers the deployment checks

        admin_chinese.install()
        self.connect_demo_data()

    @staticmethod
    def connect_demo_data():
        """``loaddemo`` lives in distribution, which may not import infowork (they stand side by side):
        the project package, which sees every app, hands it infowork's demo content."""
        from distribution.signals import demo_loaded
        from infowork.demo import load_demo

        demo_loaded.connect(load_demo, dispatch_uid="infowork.load_demo")


class TasksDatabaseConfig(TasksAppConfig):
    """django_tasks_db (the background task queue) with a name in the user's language."""

    verbose_name = _("Background tasks")
