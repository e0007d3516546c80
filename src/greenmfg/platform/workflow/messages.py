"""Core error templates the workflow raises, marked so ``makemessages`` keeps them in this
app's catalogue (``common.errors.error_message`` translates them at render time)."""

from django.utils.translation import gettext_noop

CORE_ERROR_TEMPLATES = (
    gettext_noop("You may not %(action)s: %(reason)s"),
    gettext_noop("%(kind)s %(key)r not found"),
    gettext_noop(
        "An application in state %(state)s cannot move to %(target)s; allowed next states: %(allowed)s"
    ),
    gettext_noop("%(transition)s is not possible: %(reasons)s"),
    gettext_noop(
        "The %(deadline)s (%(date)s, %(region)s, round %(year)s) has passed; today is %(today)s"
    ),
    gettext_noop("Too many %(what)s from this address; try again in %(retry_after)d seconds"),
)
