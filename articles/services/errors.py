"""What a workflow step raises when it may not happen."""


class WorkflowError(Exception):
    """A step that may not happen. ``messages`` are translated sentences that name the problem."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = [str(message) for message in messages]

    @property
    def message(self) -> str:
        return "；".join(self.messages)

    def __str__(self):
        return self.message


class EditConflict(WorkflowError):
    """Somebody else saved the article after the editor opened it."""

    def __init__(self, message, *, saved_by=None, current=None):
        super().__init__(message)
        self.saved_by = saved_by
        self.current = current
